using Backtest.Data;
using Backtest.Simulation;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Simulation;

/// <summary>
/// strategies.md §6 worked by hand: short entries and covers, reversals at one fill price (exit first, the
/// entry's budget from the cash after the exit), the decision rules, and no entry while cash ≤ 0.
/// </summary>
public class ShortAndReversalTests : SimulationTestBase
{
    private const RuleSignals None = RuleSignals.None, Buy = RuleSignals.Buy, Sell = RuleSignals.Sell,
        Short = RuleSignals.Short, Cover = RuleSignals.Cover;

    private static SimulationOutcome Run(BarSeries bars, RuleSignals[] rules, StrategyParameters p, int firstDecisionBar = 0)
    {
        Assert.Equal(bars.Count, rules.Length);
        return ReferenceSimulator.Run(bars, rules, firstDecisionBar, p);
    }

    private static void AssertTrade(
        Trade t, TradeSide side, int entryBar, int exitBar, double entryPrice, double exitPrice, long shares, double pnl, double returnPct, ExitReason reason)
    {
        Assert.Equal(side, t.Side);
        Near.Trade(t, entryBar, exitBar, entryPrice, exitPrice, shares, pnl, returnPct, reason);
    }

    /// <summary>Falling closes 20 20 18 15 16.</summary>
    private static BarSeries Falling() => Bars.Daily(
        (20, 20, 20, 20),
        (20, 21, 19, 20),
        (18, 19, 17, 18),
        (15, 16, 14, 15),
        (16, 17, 15, 16));

    [Fact]
    public void A_short_sells_at_the_slipped_price_and_covers_at_the_raised_one_paying_both_fees()
    {
        // s = 1%, fee = 2 + 0.5%. Short at close 1 = 20: sp = 19.8, q = floor((1000 − 2)/(19.8·1.005) + 1e-9) = floor(50.15) = 50.
        // notional 990, fee 2 + 4.95 = 6.95, cash = 1000 + 990 − 6.95 = 1983.05, shares −50.
        // equity 1: 1983.05 − 50·20 = 983.05; 2: 1983.05 − 50·18 = 1083.05.
        // Cover at close 3 = 15: bp = 15.15, notional 757.5, fee 2 + 3.7875 = 5.7875, cash = 1983.05 − 757.5 − 5.7875 = 1219.7625.
        // pnl = 50·(19.8 − 15.15) − 6.95 − 5.7875 = 232.5 − 12.7375 = 219.7625; return = 100·219.7625/990.
        var p = Params(FillMode.Close) with { SlippageBps = 100, FeeFixed = 2, FeeBps = 50 };
        var o = Run(Falling(), [None, Short, None, Cover, None], p);
        AssertTrade(Assert.Single(o.Trades), TradeSide.Short, 1, 3, 19.8, 15.15, 50, 219.7625, 100 * 219.7625 / 990, ExitReason.Signal);
        AssertEquity(o, 1000, 983.05, 1083.05, 1219.7625, 1219.7625);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Fact]
    public void A_short_held_to_the_last_bar_is_covered_at_its_close_and_that_bar_is_not_in_the_market()
    {
        // Short at close 1 = 20: q = 50 (position_size 1: 1000/20), cash 2000. Last bar: cover at close 16:
        // cash = 2000 − 800 = 1200, pnl = 50·4 = 200, return 20%. In the market at closes 1, 2, 3.
        var o = Run(Falling(), [None, Short, None, None, None], Params(FillMode.Close));
        AssertTrade(Assert.Single(o.Trades), TradeSide.Short, 1, 4, 20, 16, 50, 200, 20, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1100, 1250, 1200);
        Assert.Equal(3, o.BarsInMarket);
    }

    [Fact]
    public void A_reversal_at_next_open_exits_first_and_sizes_the_short_from_the_cash_after_the_exit()
    {
        // position_size 0.5. Buy decided at close 0, filled at open 1 = 10: B = 500, q = 50, cash 500.
        // Close 2: sell and short → both fill at open 3 = 15. Exit: cash = 500 + 750 = 1250, pnl 250 (50%).
        // Short: B = 1250·0.5 = 625 (not the 500·0.5 of the cash at the decision), q = floor(41.67) = 41,
        // cash = 1250 + 615 = 1865, shares −41. Last bar: cover at close 14: cash = 1865 − 574 = 1291,
        // pnl = 41·(15 − 14) = 41, return = 100·41/615.
        // equity: 1000 | 500 + 500 | 500 + 600 | 1865 − 615 | 1291. In the market at closes 1, 2, 3.
        var p = Params(FillMode.NextOpen) with { PositionSize = 0.5 };
        var o = Run(Basic(), [Buy, None, Sell | Short, None, None], p);
        Assert.Equal(2, o.Trades.Count);
        AssertTrade(o.Trades[0], TradeSide.Long, 1, 3, 10, 15, 50, 250, 50, ExitReason.Signal);
        AssertTrade(o.Trades[1], TradeSide.Short, 3, 4, 15, 14, 41, 41, 100.0 * 41 / 615, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1100, 1250, 1291);
        Assert.Equal(3, o.BarsInMarket);
    }

    [Fact]
    public void A_reversal_at_close_covers_first_and_sizes_the_long_from_the_cash_after_the_cover()
    {
        // position_size 0.5. Short at close 1 = 10: B = 500, q = 50, cash 1500, shares −50.
        // Close 3 = 15: cover and buy. Cover: cash = 1500 − 750 = 750, pnl = 50·(10 − 15) = −250 (−50%).
        // Buy: B = 375, q = 25, cash 375. Last bar: sell at 14: cash 725, pnl = 25·(14 − 15) = −25, return −25/375.
        // equity: 1000 | 1500 − 500 | 1500 − 600 | 375 + 375 | 725.
        var p = Params(FillMode.Close) with { PositionSize = 0.5 };
        var o = Run(Basic(), [None, Short, None, Cover | Buy, None], p);
        Assert.Equal(2, o.Trades.Count);
        AssertTrade(o.Trades[0], TradeSide.Short, 1, 3, 10, 15, 50, -250, -50, ExitReason.Signal);
        AssertTrade(o.Trades[1], TradeSide.Long, 3, 4, 15, 14, 25, -25, -100.0 * 25 / 375, ExitReason.End);
        AssertEquity(o, 1000, 1000, 900, 750, 725);
    }

    /// <summary>Short 10 at close 0 = 100 (stop 110 with 10%, target 90 with 10%), bar 1 as given, bar 2 flat at 100.</summary>
    private static SimulationOutcome ShortThrough((double Open, double High, double Low, double Close) bar1) =>
        Run(Bars.Daily((100, 100, 100, 100), bar1, (100, 100, 100, 100)), [Short, None, None],
            Params(FillMode.Close) with { StopLossPct = 10, TakeProfitPct = 10 });

    [Fact]
    public void A_short_is_covered_at_the_open_when_the_open_reaches_the_stop_before_anything_else()
    {
        // Open 111 ≥ stop 110: cover at 111 (the low 89 would reach the target, later in the order). pnl = 10·(100 − 111).
        AssertTrade(Assert.Single(ShortThrough((111, 112, 89, 100)).Trades), TradeSide.Short, 0, 1, 100, 111, 10, -110, -11, ExitReason.StopLoss);
    }

    [Fact]
    public void A_short_is_covered_at_the_open_when_the_open_reaches_the_target()
    {
        // Open 89 ≤ target 90: cover at 89, although the high 115 reaches the stop (tested after the open). pnl = 10·11.
        AssertTrade(Assert.Single(ShortThrough((89, 115, 85, 100)).Trades), TradeSide.Short, 0, 1, 100, 89, 10, 110, 11, ExitReason.TakeProfit);
    }

    [Fact]
    public void A_short_whose_bar_touches_stop_and_target_is_covered_at_the_stop()
    {
        // Open 100 reaches neither; high 115 ≥ 110: cover at the stop 110 (the low 85 reaches the target too). pnl = −100.
        AssertTrade(Assert.Single(ShortThrough((100, 115, 85, 100)).Trades), TradeSide.Short, 0, 1, 100, 110, 10, -100, -10, ExitReason.StopLoss);
    }

    [Fact]
    public void A_short_is_covered_at_the_target_when_the_low_reaches_it()
    {
        // High 105 < 110; low 85 ≤ 90: cover at the target 90. pnl = 100.
        AssertTrade(Assert.Single(ShortThrough((100, 105, 85, 100)).Trades), TradeSide.Short, 0, 1, 100, 90, 10, 100, 10, ExitReason.TakeProfit);
    }

    [Fact]
    public void On_the_short_entry_fill_bar_of_next_open_the_open_tests_are_skipped()
    {
        // s = 1%, stop_loss 0.5%. Short decided at close 0, sold at open 1 = 100: sp = 99, q = floor(1000/99) = 10,
        // stop = 99·1.005 = 99.495, below the open: the open test would cover at the open, but it is skipped on the
        // fill bar; the high (100) reaches the stop, so the cover is at the stop: bp = 99.495·1.01 = 100.48995.
        // pnl = 10·(99 − 100.48995) = −14.8995, return = −14.8995/990.
        var p = Params(FillMode.NextOpen) with { SlippageBps = 100, StopLossPct = 0.5 };
        var o = Run(Bars.Flat(100, 100, 100), [Short, None, None], p);
        AssertTrade(Assert.Single(o.Trades), TradeSide.Short, 1, 1, 99, 100.48995, 10, -14.8995, -100 * 14.8995 / 990, ExitReason.StopLoss);
    }

    [Fact]
    public void A_short_reaches_its_time_limit_like_a_long()
    {
        // max_hold_bars 1, fill=close: short at close 1 = 10 (q 100), k − f = 1 at close 2: cover at 12, pnl −200.
        var o = Run(Basic(), [None, Short, None, None, None], Params(FillMode.Close) with { MaxHoldBars = 1 });
        AssertTrade(Assert.Single(o.Trades), TradeSide.Short, 1, 2, 10, 12, 100, -200, -20, ExitReason.Time);

        // next-open: sold at open 2 = 12 (q = 83), decided at close 3 (3 − 2 = 1), covered at open 4 = 14: pnl = 83·(12 − 14).
        o = Run(Basic(), [None, Short, None, None, None], Params(FillMode.NextOpen) with { MaxHoldBars = 1 });
        AssertTrade(Assert.Single(o.Trades), TradeSide.Short, 2, 4, 12, 14, 83, -166, -100.0 * 166 / 996, ExitReason.Time);
    }

    [Fact]
    public void Cover_and_the_time_limit_together_give_reason_signal()
    {
        var o = Run(Basic(), [None, Short, Cover, None, None], Params(FillMode.Close) with { MaxHoldBars = 1 });
        AssertTrade(Assert.Single(o.Trades), TradeSide.Short, 1, 2, 10, 12, 100, -200, -20, ExitReason.Signal);
    }

    [Fact]
    public void Buy_and_short_together_enter_neither()
    {
        var o = Run(Basic(), [None, Buy | Short, None, None, None], Params(FillMode.Close));
        Assert.Empty(o.Trades);
        AssertEquity(o, 1000, 1000, 1000, 1000, 1000);

        // While a long exits: the exit happens, and neither entry.
        o = Run(Basic(), [None, Buy, Sell | Buy | Short, None, None], Params(FillMode.Close));
        AssertTrade(Assert.Single(o.Trades), TradeSide.Long, 1, 2, 10, 12, 100, 200, 20, ExitReason.Signal);
    }

    [Fact]
    public void An_entry_in_the_direction_of_the_position_being_exited_is_not_taken()
    {
        // Long at close 1; close 2 sells and buys: the long exits, no new long.
        var o = Run(Basic(), [None, Buy, Sell | Buy, None, None], Params(FillMode.Close));
        AssertTrade(Assert.Single(o.Trades), TradeSide.Long, 1, 2, 10, 12, 100, 200, 20, ExitReason.Signal);

        // next-open: short sold at open 2 = 12 (q 83); close 3 reaches the time limit (3 − 2 = 1) while short holds:
        // covered at open 4 = 14, no new short there (which the last bar would have covered: a second trade).
        o = Run(Basic(), [None, Short, None, Short, None], Params(FillMode.NextOpen) with { MaxHoldBars = 1 });
        AssertTrade(Assert.Single(o.Trades), TradeSide.Short, 2, 4, 12, 14, 83, -166, -100.0 * 166 / 996, ExitReason.Time);
    }

    [Fact]
    public void A_time_exit_with_the_other_direction_is_a_reversal()
    {
        // Long at close 1 = 10 (q 100, cash 0); close 2: time limit (2 − 1 = 1) and short: sell 100 at 12 (cash 1200),
        // then short: B = 1200, q = 100, cash 2400.
        var o = Run(Basic(), [None, Buy, Short, None, None], Params(FillMode.Close) with { MaxHoldBars = 1 });
        Assert.Equal(2, o.Trades.Count);
        AssertTrade(o.Trades[0], TradeSide.Long, 1, 2, 10, 12, 100, 200, 20, ExitReason.Time);
        // The short's own time limit: k − f = 3 − 2 = 1 at close 3 → covered at close 3 = 15: pnl = 100·(12 − 15).
        AssertTrade(o.Trades[1], TradeSide.Short, 2, 3, 12, 15, 100, -300, -25, ExitReason.Time);
    }

    [Fact]
    public void No_entry_is_taken_while_cash_is_not_positive()
    {
        // Short 100 at close 0 = 10 (cash 2000); cover at close 1 = 25: cash = 2000 − 2500 = −500 (pnl −1500).
        // The buy decided with that cover would have the budget −500·1: no entry, and not an unaffordable one.
        // Later buys and shorts: none either.
        var bars = Bars.Flat(10, 25, 25, 25, 25);
        var o = Run(bars, [Short, Cover | Buy, Buy, Short, None], Params(FillMode.Close));
        AssertTrade(Assert.Single(o.Trades), TradeSide.Short, 0, 1, 10, 25, 100, -1500, -150, ExitReason.Signal);
        AssertEquity(o, 1000, -500, -500, -500, -500);
        Assert.Equal(0, o.UnaffordableEntries);
    }

    [Fact]
    public void A_short_entry_that_cannot_sell_one_share_is_dropped_and_counted()
    {
        // Budget 1000·0.05 = 50, fee_fixed 1: (50 − 1)/100 < 1 share.
        var o = Run(Bars.Flat(100, 100, 100), [Short, None, None], Params(FillMode.Close) with { PositionSize = 0.05, FeeFixed = 1 });
        Assert.Empty(o.Trades);
        Assert.Equal(1, o.UnaffordableEntries);
    }
}
