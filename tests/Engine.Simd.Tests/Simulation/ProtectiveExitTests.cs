using Backtest.Simulation;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Simulation;

/// <summary>
/// Spec §4 protective exits: stop = e·(1 − stop_loss_pct/100), target = e·(1 + take_profit_pct/100);
/// order open→stop, open→target, low→stop, high→target; checked on every bar after the entry decision bar;
/// on the next-open entry fill bar the open tests are skipped.
/// All close-fill cases buy 100 shares at close 1 = 10 (capital 1000, all-in, no costs).
/// </summary>
public class ProtectiveExitTests : SimulationTestBase
{
    private static readonly int[] BuyAt1 = [0, 1, 0, 0];

    /// <summary>Bar 1 has an extreme low 5 and high 15 that must not count: the close-fill entry happens after them.</summary>
    private static Backtest.Data.BarSeries WithBar2((double, double, double, double) bar2, double close3) => Bars.Daily(
        (10, 10, 10, 10),
        (10, 15, 5, 10),
        bar2,
        (close3, close3, close3, close3));

    [Fact]
    public void Stop_loss_sells_at_the_stop_price_when_the_low_reaches_it()
    {
        // stop = 10·0.9 = 9. Bar 1's low 5 is on the entry decision bar (close fill) → ignored.
        // Bar 2 (9.5, 10, 8.5, 9.8): open 9.5 > 9; low 8.5 ≤ 9 → sell 100 at 9: cash 900, pnl −100, −10%.
        var o = Run(WithBar2((9.5, 10, 8.5, 9.8), 9.8), BuyAt1, Params(FillMode.Close) with { StopLossPct = 10 });
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10, 9, 100, -100, -10, ExitReason.StopLoss);
        AssertEquity(o, 1000, 1000, 900, 900);
        Assert.Equal(1, o.BarsInMarket);
    }

    [Fact]
    public void Stop_loss_is_taken_from_the_entry_fill_price_and_sold_with_slippage()
    {
        // s = 1%: e = 10.1, 99 shares, cash 0.1. stop = 10.1·0.9 = 9.09; bar 2 low 8.5 ≤ 9.09, open 9.5 > 9.09.
        // Sell at 9.09·0.99 = 8.9991: cash = 0.1 + 99·8.9991 = 891.0109.
        // pnl = 99·(8.9991 − 10.1) = −108.9891; return = (0.9·0.99 − 1) = −10.9%.
        var p = Params(FillMode.Close) with { StopLossPct = 10, SlippageBps = 100 };
        var o = Run(WithBar2((9.5, 10, 8.5, 9.8), 9.8), BuyAt1, p);
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10.1, 8.9991, 99, -108.9891, -10.9, ExitReason.StopLoss);
        AssertEquity(o, 1000, 990.1, 891.0109, 891.0109);
    }

    [Fact]
    public void A_low_equal_to_the_stop_reaches_it_despite_rounding()
    {
        // stop = 10·(1 − 0.07) = 9.299999999999999 in f64; low 9.3 ≤ stop·(1 + 1e-9) → sell at the stop ≈ 9.3.
        var o = Run(WithBar2((9.5, 10, 9.3, 9.8), 9.8), BuyAt1, Params(FillMode.Close) with { StopLossPct = 7 });
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10, 9.3, 100, -70, -7, ExitReason.StopLoss);
        AssertEquity(o, 1000, 1000, 930, 930);
    }

    [Fact]
    public void Take_profit_sells_at_the_target_when_the_high_reaches_it()
    {
        // target = 10·1.2 = 12. Bar 1's high 15 is on the entry decision bar → ignored.
        // Bar 2 (11, 12.5, 10.5, 11.5): high 12.5 ≥ 12 → sell at 12: cash 1200, pnl 200, 20%.
        var o = Run(WithBar2((11, 12.5, 10.5, 11.5), 11.5), BuyAt1, Params(FillMode.Close) with { TakeProfitPct = 20 });
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10, 12, 100, 200, 20, ExitReason.TakeProfit);
        AssertEquity(o, 1000, 1000, 1200, 1200);
    }

    [Fact]
    public void A_gap_down_through_the_stop_sells_at_the_open()
    {
        // stop 9; bar 2 opens at 8 ≤ 9 → sell at the open 8: pnl −200, −20%.
        var o = Run(WithBar2((8, 8.5, 7.5, 8.2), 8.2), BuyAt1, Params(FillMode.Close) with { StopLossPct = 10 });
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10, 8, 100, -200, -20, ExitReason.StopLoss);
        AssertEquity(o, 1000, 1000, 800, 800);
    }

    [Fact]
    public void A_gap_up_through_the_target_sells_at_the_open()
    {
        // target 12; bar 2 opens at 13 ≥ 12 → sell at 13: pnl 300, 30%.
        var o = Run(WithBar2((13, 14, 12.5, 13.5), 13.5), BuyAt1, Params(FillMode.Close) with { TakeProfitPct = 20 });
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10, 13, 100, 300, 30, ExitReason.TakeProfit);
        AssertEquity(o, 1000, 1000, 1300, 1300);
    }

    [Fact]
    public void The_stop_wins_when_one_bar_touches_both_stop_and_target()
    {
        // stop 9, target 12; bar 2 (10, 12.5, 8.5, 10) touches both → stop at 9.
        var p = Params(FillMode.Close) with { StopLossPct = 10, TakeProfitPct = 20 };
        var o = Run(WithBar2((10, 12.5, 8.5, 10), 10), BuyAt1, p);
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10, 9, 100, -100, -10, ExitReason.StopLoss);
        AssertEquity(o, 1000, 1000, 900, 900);
    }

    [Fact]
    public void An_open_above_the_target_wins_over_a_low_below_the_stop_in_the_same_bar()
    {
        // The open tests come before the low test: bar 2 (13, 14, 8, 9) → sell at the open 13, take profit.
        var p = Params(FillMode.Close) with { StopLossPct = 10, TakeProfitPct = 20 };
        var o = Run(WithBar2((13, 14, 8, 9), 9), BuyAt1, p);
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10, 13, 100, 300, 30, ExitReason.TakeProfit);
    }

    [Fact]
    public void A_protective_exit_takes_precedence_over_the_closes_signal()
    {
        // Bar 2 reaches the stop and also scores −1: the stop fills inside the bar; there is nothing left to sell at the close.
        var o = Run(WithBar2((9.5, 10, 8.5, 9.8), 9.8), [0, 1, -1, 0], Params(FillMode.Close) with { StopLossPct = 10 });
        Near.Trade(Assert.Single(o.Trades), 1, 2, 10, 9, 100, -100, -10, ExitReason.StopLoss);
    }

    [Fact]
    public void On_the_next_open_entry_bar_the_low_still_reaches_the_stop()
    {
        // Decision at close 1, buy 100 at open 2 = 10; stop 9; bar 2 low 8.5 → sell at 9 in the same bar.
        // The close of bar 2 ends flat → no bar in the market.
        var bars = Bars.Daily((10, 10, 10, 10), (10, 10, 10, 10), (10, 10.5, 8.5, 9.5), (9.5, 9.5, 9.5, 9.5));
        var o = Run(bars, BuyAt1, Params(FillMode.NextOpen) with { StopLossPct = 10 });
        Near.Trade(Assert.Single(o.Trades), 2, 2, 10, 9, 100, -100, -10, ExitReason.StopLoss);
        AssertEquity(o, 1000, 1000, 900, 900);
        Assert.Equal(0, o.BarsInMarket);
    }

    [Fact]
    public void On_the_next_open_entry_bar_the_high_still_reaches_the_target()
    {
        // Buy at open 2 = 10, target 11; bar 2 high 11.5 → sell at 11: pnl 100, 10%.
        var bars = Bars.Daily((10, 10, 10, 10), (10, 10, 10, 10), (10, 11.5, 10, 11), (11, 11, 11, 11));
        var o = Run(bars, BuyAt1, Params(FillMode.NextOpen) with { TakeProfitPct = 10 });
        Near.Trade(Assert.Single(o.Trades), 2, 2, 10, 11, 100, 100, 10, ExitReason.TakeProfit);
        AssertEquity(o, 1000, 1000, 1100, 1100);
    }

    [Fact]
    public void On_the_next_open_entry_bar_the_open_test_is_skipped()
    {
        // s = 1%: buy at open 2: e = 10·1.01 = 10.1, 99 shares, cash 0.1. stop = 10.1·0.995 = 10.0495.
        // The open 10 is below the stop, but the open tests are skipped on the entry fill bar;
        // the low 10 ≤ 10.0495 → sell at the stop less slippage: 10.0495·0.99 = 9.949005 (not at the open's 9.9).
        // cash = 0.1 + 99·9.949005 = 985.051495; pnl = 99·(9.949005 − 10.1) = −14.948505;
        // return = 0.995·0.99 − 1 = −1.495%.
        var bars = Bars.Daily((10, 10, 10, 10), (10, 10, 10, 10), (10, 10.2, 10, 10.1), (10.1, 10.1, 10.1, 10.1));
        var p = Params(FillMode.NextOpen) with { StopLossPct = 0.5, SlippageBps = 100 };
        var o = Run(bars, BuyAt1, p);
        Near.Trade(Assert.Single(o.Trades), 2, 2, 10.1, 9.949005, 99, -14.948505, -1.495, ExitReason.StopLoss);
        AssertEquity(o, 1000, 1000, 985.051495, 985.051495);
    }

    [Fact]
    public void On_the_bar_after_the_next_open_entry_bar_the_open_test_applies()
    {
        // Buy at open 2 = 10, stop 9; bar 3 opens at 8 → sell at the open 8: pnl −200.
        var bars = Bars.Daily((10, 10, 10, 10), (10, 10, 10, 10), (10, 10, 10, 10), (8, 8.5, 7.5, 8), (8, 8, 8, 8));
        var o = Run(bars, [0, 1, 0, 0, 0], Params(FillMode.NextOpen) with { StopLossPct = 10 });
        Near.Trade(Assert.Single(o.Trades), 2, 3, 10, 8, 100, -200, -20, ExitReason.StopLoss);
        AssertEquity(o, 1000, 1000, 1000, 800, 800);
        Assert.Equal(1, o.BarsInMarket);
    }

    [Fact]
    public void Protective_exits_are_off_when_their_percentages_are_zero()
    {
        // Same bar 2 as the stop test, nothing set: held to the end at close 3 = 9.8 → pnl −20.
        var o = Run(WithBar2((9.5, 10, 8.5, 9.8), 9.8), BuyAt1, Params(FillMode.Close));
        Near.Trade(Assert.Single(o.Trades), 1, 3, 10, 9.8, 100, -20, -2, ExitReason.End);
    }

    [Fact]
    public void After_a_protective_exit_inside_a_bar_its_close_may_enter_again()
    {
        // Bar 2 stops out at 9 (cash 900); its close scores +1 → buy at close 9.8: floor(900/9.8) = 91 (91.84),
        // cost 891.8, cash 8.2. New stop 8.82 is not reached on bar 3; end at close 3 = 10: cash 8.2 + 910 = 918.2.
        // Trade 2 pnl = 91·0.2 = 18.2, return 18.2/891.8 = 2.0408%.
        // equity: 1000 | 1000 | 8.2 + 91·9.8 = 900 | 918.2. In the market at closes 1 and 2.
        var bars = WithBar2((9.5, 10, 8.5, 9.8), 10);
        var o = Run(bars, [0, 1, 1, 0], Params(FillMode.Close) with { StopLossPct = 10 });
        Assert.Equal(2, o.Trades.Count);
        Near.Trade(o.Trades[0], 1, 2, 10, 9, 100, -100, -10, ExitReason.StopLoss);
        Near.Trade(o.Trades[1], 2, 3, 9.8, 10, 91, 18.2, 2.0408163265306123, ExitReason.End);
        AssertEquity(o, 1000, 1000, 900, 918.2);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Fact]
    public void After_a_protective_exit_with_next_open_fills_the_close_decides_an_entry_for_the_next_open()
    {
        // Buy at open 2 = 10 (100 shares); bar 3 (9.5, 10, 8.5, 9.8) stops at 9 → cash 900; close 3 scores +1
        // → buy at open 4 = 9: 100 shares, cash 0; end at close 5 = 9.9: cash 990, pnl 90.
        var bars = Bars.Daily(
            (10, 10, 10, 10), (10, 10, 10, 10), (10, 10, 10, 10), (9.5, 10, 8.5, 9.8), (9, 9, 9, 9), (9.9, 9.9, 9.9, 9.9));
        var o = Run(bars, [0, 1, 0, 1, 0, 0], Params(FillMode.NextOpen) with { StopLossPct = 10 });
        Assert.Equal(2, o.Trades.Count);
        Near.Trade(o.Trades[0], 2, 3, 10, 9, 100, -100, -10, ExitReason.StopLoss);
        Near.Trade(o.Trades[1], 4, 5, 9, 9.9, 100, 90, 10, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1000, 900, 900, 990);
    }
}
