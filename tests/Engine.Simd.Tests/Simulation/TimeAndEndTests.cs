using Backtest.Simulation;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Simulation;

/// <summary>
/// Spec §3-§4: time exits (k − f ≥ max_hold_bars at a close, f the entry fill bar), exit reasons, one decision per
/// close, no decision at the last bar and the forced sale there. Rising bars: open 10 + k, close 10.5 + k.
/// </summary>
public class TimeAndEndTests : SimulationTestBase
{
    private static int[] BuyAt(int n, int k)
    {
        var s = new int[n];
        s[k] = 1;
        return s;
    }

    [Fact]
    public void Max_hold_one_with_close_fills_buys_at_close_5_and_sells_at_close_6()
    {
        // Buy at close 5 = 15.5: floor(1000/15.5) = 64 (64.5), cost 992, cash 8. Close 6: 6 − 5 ≥ 1 → sell at 16.5:
        // cash 8 + 1056 = 1064. pnl 64, return 64/992 = 6.4516%.
        // equity: 1000 ×5 | 8 + 64·15.5 = 1000 | 1064 ×4. In the market at close 5 only.
        var o = Run(Rising(10), BuyAt(10, 5), Params(FillMode.Close) with { MaxHoldBars = 1 });
        Near.Trade(Assert.Single(o.Trades), 5, 6, 15.5, 16.5, 64, 64, 6.451612903225806, ExitReason.Time);
        AssertEquity(o, 1000, 1000, 1000, 1000, 1000, 1000, 1064, 1064, 1064, 1064);
        Assert.Equal(1, o.BarsInMarket);
    }

    [Fact]
    public void Max_hold_one_with_next_open_fills_buys_at_open_6_decides_at_close_7_and_sells_at_open_8()
    {
        // Decision at close 5 → buy at open 6 = 16: floor(1000/16) = 62 (62.5), cost 992, cash 8; f = 6.
        // Close 6: 6 − 6 = 0 < 1. Close 7: 7 − 6 = 1 → decide; sell at open 8 = 18: cash 8 + 1116 = 1124.
        // pnl 62·2 = 124, return 124/992 = 12.5%.
        // equity: 1000 ×6 | 8 + 62·16.5 = 1031 | 8 + 62·17.5 = 1093 | 1124 | 1124. In the market at closes 6, 7.
        var o = Run(Rising(10), BuyAt(10, 5), Params(FillMode.NextOpen) with { MaxHoldBars = 1 });
        Near.Trade(Assert.Single(o.Trades), 6, 8, 16, 18, 62, 124, 12.5, ExitReason.Time);
        AssertEquity(o, 1000, 1000, 1000, 1000, 1000, 1000, 1031, 1093, 1124, 1124);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Theory]
    [InlineData(FillMode.Close, 1, 5, 6)]
    [InlineData(FillMode.Close, 2, 5, 7)]
    [InlineData(FillMode.Close, 4, 5, 9)]
    [InlineData(FillMode.NextOpen, 1, 6, 8)]
    [InlineData(FillMode.NextOpen, 2, 6, 9)]
    [InlineData(FillMode.NextOpen, 4, 6, 11)]
    public void The_time_exit_counts_bars_from_the_entry_fill_bar(FillMode fill, int maxHold, int entryBar, int exitBar)
    {
        // Decision at close 5. close fill: f = 5, exit decided and filled at close 5 + m.
        // next-open: f = 6, exit decided at close 6 + m, filled at open 7 + m.
        var o = Run(Rising(14), BuyAt(14, 5), Params(fill) with { MaxHoldBars = maxHold });
        var t = Assert.Single(o.Trades);
        Assert.Equal(entryBar, t.EntryBar);
        Assert.Equal(exitBar, t.ExitBar);
        Assert.Equal(ExitReason.Time, t.Reason);
    }

    [Fact]
    public void When_time_and_signal_exits_coincide_the_reason_is_signal()
    {
        // As the close-fill max-hold test, with −1 at close 6 as well.
        int[] scores = BuyAt(10, 5);
        scores[6] = -1;
        var o = Run(Rising(10), scores, Params(FillMode.Close) with { MaxHoldBars = 1 });
        Near.Trade(Assert.Single(o.Trades), 5, 6, 15.5, 16.5, 64, 64, 6.451612903225806, ExitReason.Signal);
    }

    [Fact]
    public void No_entry_is_taken_at_a_close_where_an_exit_was_decided()
    {
        // close fill, max hold 1, scores +1 at closes 1..4.
        // Close 1: buy at 11.5: floor(1000/11.5) = 86 (86.96), cost 989, cash 11.
        // Close 2: time exit at 12.5 → cash 11 + 1075 = 1086; the +1 there takes no entry (one decision per close).
        // Close 3: buy at 13.5: floor(1086/13.5) = 80 (80.44), cost 1080, cash 6.
        // Close 4: time exit at 14.5 → cash 6 + 1160 = 1166; again no entry.
        // pnl 86 (86/989 = 8.6957%) and 80 (80/1080 = 7.4074%).
        // equity: 1000 | 11 + 86·11.5 = 1000 | 1086 | 6 + 80·13.5 = 1086 | 1166 | 1166 | 1166.
        var o = Run(Rising(7), [0, 1, 1, 1, 1, 0, 0], Params(FillMode.Close) with { MaxHoldBars = 1 });
        Assert.Equal(2, o.Trades.Count);
        Near.Trade(o.Trades[0], 1, 2, 11.5, 12.5, 86, 86, 8.695652173913043, ExitReason.Time);
        Near.Trade(o.Trades[1], 3, 4, 13.5, 14.5, 80, 80, 7.4074074074074066, ExitReason.Time);
        AssertEquity(o, 1000, 1000, 1086, 1086, 1166, 1166, 1166);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Fact]
    public void The_last_bar_force_sells_at_its_close_with_slippage_and_fee_and_reason_end()
    {
        // s = 1%, fee 1, close fill. Close 1: bp 10.1, shares floor((1000 − 1)/10.1) = 98 (98.91),
        // cash = 1000 − 989.8 − 1 = 9.2. The −1 at the last bar (3) is no decision: the sale there is an `end`.
        // Sell at 12·0.99 = 11.88: cash = 9.2 + 1164.24 − 1 = 1172.44.
        // pnl = 98·(11.88 − 10.1) − 2 = 172.44; return = 172.44/989.8 = 17.4217%.
        // equity: 1000 | 9.2 + 980 = 989.2 | 9.2 + 1078 = 1087.2 | 1172.44. The last bar never counts as in the market.
        var p = Params(FillMode.Close) with { SlippageBps = 100, FeeFixed = 1 };
        var o = Run(Bars.Flat(10, 10, 11, 12), [0, 1, 0, -1], p);
        Near.Trade(Assert.Single(o.Trades), 1, 3, 10.1, 11.88, 98, 172.44, 17.421701353808853, ExitReason.End);
        AssertEquity(o, 1000, 989.2, 1087.2, 1172.44);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Theory]
    [InlineData(FillMode.Close)]
    [InlineData(FillMode.NextOpen)]
    public void No_decision_is_taken_at_the_last_bar(FillMode fill)
    {
        // A buy signal at the last close neither buys (close fill) nor leaves an order pending (next-open).
        var o = Run(Bars.Flat(10, 10, 10, 10), [0, 0, 0, 1], Params(fill));
        Assert.Empty(o.Trades);
        AssertEquity(o, 1000, 1000, 1000, 1000);
        Assert.Equal(0, o.BarsInMarket);
    }

    [Fact]
    public void A_time_limit_reached_at_the_last_bar_sells_with_reason_end()
    {
        // Buy at close 2 = 12.5 (80 shares, cash 0), max hold 1 would decide at close 3, the last bar → `end`.
        var o = Run(Rising(4), [0, 0, 1, 0], Params(FillMode.Close) with { MaxHoldBars = 1 });
        Near.Trade(Assert.Single(o.Trades), 2, 3, 12.5, 13.5, 80, 80, 8, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1000, 1080);
    }

    [Fact]
    public void With_next_open_fills_a_position_bought_at_the_last_open_is_sold_at_the_last_close()
    {
        // Decision at close 2, buy at open 3 = 13 (76 shares, 1000/13 = 76.9, cash 12); bar 3 is the last:
        // sell at close 13.5 → cash 12 + 1026 = 1038, pnl 76·0.5 = 38, return 38/988 = 3.8462%.
        var o = Run(Rising(4), [0, 0, 1, 0], Params(FillMode.NextOpen));
        Near.Trade(Assert.Single(o.Trades), 3, 3, 13, 13.5, 76, 38, 3.8461538461538463, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1000, 1038);
        Assert.Equal(0, o.BarsInMarket);
    }

    [Fact]
    public void A_long_position_ignores_further_buy_signals_one_position_at_a_time()
    {
        // +1 at every close: bought once at close 0 = 10 (100 shares), held, sold at the end at close 4 = 14.
        var o = Run(Basic(), [1, 1, 1, 1, 1], Params(FillMode.Close));
        Near.Trade(Assert.Single(o.Trades), 0, 4, 10, 14, 100, 400, 40, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1200, 1500, 1400);
        Assert.Equal(4, o.BarsInMarket);
    }
}
