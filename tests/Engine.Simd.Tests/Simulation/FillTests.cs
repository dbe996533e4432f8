using Backtest.Simulation;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Simulation;

/// <summary>Spec §4 fills (close and next-open), slippage and fees; spec §5 cash and equity.</summary>
public class FillTests : SimulationTestBase
{
    private static readonly int[] BuyAt1SellAt3 = [0, 1, 0, -1, 0];

    [Fact]
    public void Close_fill_buys_and_sells_at_the_decision_bars_close()
    {
        // Buy at close 1 = 10: shares = floor(1000/10 + 1e-9) = 100, cash 0.
        // Sell at close 3 = 15: cash 1500. pnl = 100·5 = 500, return 500/1000 = 50%.
        // equity: 1000 | 0+100·10 = 1000 | 100·12 = 1200 | 1500 | 1500. In the market at closes 1, 2.
        var o = Run(Basic(), BuyAt1SellAt3, Params(FillMode.Close));
        Near.Trade(Assert.Single(o.Trades), 1, 3, 10, 15, 100, 500, 50, ExitReason.Signal);
        AssertEquity(o, 1000, 1000, 1200, 1500, 1500);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Fact]
    public void Next_open_fill_buys_and_sells_at_the_following_bars_open()
    {
        // Decision at close 1, buy at open 2 = 12 with B = cash at the decision = 1000:
        // shares = floor(1000/12 + 1e-9) = 83, cost 996, cash 4.
        // Decision at close 3, sell at open 4 = 14: cash = 4 + 83·14 = 1166. pnl = 83·2 = 166, return 166/996 = 16.67%.
        // equity: 1000 | 1000 | 4+83·12 = 1000 | 4+83·15 = 1249 | 1166. In the market at closes 2, 3.
        var o = Run(Basic(), BuyAt1SellAt3, Params(FillMode.NextOpen));
        Near.Trade(Assert.Single(o.Trades), 2, 4, 12, 14, 83, 166, 16.666666666666668, ExitReason.Signal);
        AssertEquity(o, 1000, 1000, 1000, 1249, 1166);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Fact]
    public void Slippage_raises_the_buy_price_and_lowers_the_sell_price()
    {
        // s = 100 bps = 0.01. Buy at 10·1.01 = 10.1: shares = floor(1000/10.1) = 99 (99.0099), cost 999.9, cash 0.1.
        // Sell at 15·0.99 = 14.85: cash = 0.1 + 99·14.85 = 1470.25.
        // pnl = 99·(14.85 − 10.1) = 470.25; return = 470.25/999.9 = 47.0297%.
        // equity: 1000 | 0.1+990 = 990.1 | 0.1+1188 = 1188.1 | 1470.25 | 1470.25.
        var o = Run(Basic(), BuyAt1SellAt3, Params(FillMode.Close) with { SlippageBps = 100 });
        Near.Trade(Assert.Single(o.Trades), 1, 3, 10.1, 14.85, 99, 470.25, 47.02970297029703, ExitReason.Signal);
        AssertEquity(o, 1000, 990.1, 1188.1, 1470.25, 1470.25);
    }

    [Fact]
    public void Fixed_and_bps_fees_are_paid_on_each_order_and_counted_in_pnl()
    {
        // fee = 2 + 0.5% of notional. Shares = floor((1000 − 2)/(10·1.005)) = floor(99.303) = 99.
        // Buy: notional 990, fee 2 + 4.95 = 6.95, cash = 1000 − 990 − 6.95 = 3.05.
        // Sell at 15: notional 1485, fee 2 + 7.425 = 9.425, cash = 3.05 + 1485 − 9.425 = 1478.625.
        // pnl = 99·5 − 6.95 − 9.425 = 478.625; return = 478.625/990 = 48.3460%.
        // equity: 1000 | 3.05+990 = 993.05 | 3.05+1188 = 1191.05 | 1478.625 | 1478.625.
        var o = Run(Basic(), BuyAt1SellAt3, Params(FillMode.Close) with { FeeFixed = 2, FeeBps = 50 });
        Near.Trade(Assert.Single(o.Trades), 1, 3, 10, 15, 99, 478.625, 48.3459595959596, ExitReason.Signal);
        AssertEquity(o, 1000, 993.05, 1191.05, 1478.625, 1478.625);
    }

    [Fact]
    public void A_fill_at_bar_zero_makes_equity_zero_the_capital_less_the_fee()
    {
        // Flat 10, fee 1, close fill, first decision bar 0: shares = floor(999/10) = 99, cash = 1000 − 990 − 1 = 9.
        // equity[0] = 9 + 990 = 999. End at close 2: cash = 9 + 990 − 1 = 998; pnl −2, return −2/990 = −0.2020%.
        var o = Run(Bars.Flat(10, 10, 10), [1, 0, 0], Params(FillMode.Close) with { FeeFixed = 1 });
        Near.Trade(Assert.Single(o.Trades), 0, 2, 10, 10, 99, -2, -0.20202020202020202, ExitReason.End);
        AssertEquity(o, 999, 999, 998);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Fact]
    public void Scores_before_the_first_decision_bar_take_no_decision()
    {
        // Rising bars (close 10.5 + k), first decision bar 2; the +1 at bars 0 and 1 are ignored, +1 at bar 3 buys
        // at close 13.5: shares floor(1000/13.5) = 74 (74.07), cost 999, cash 1. End at close 5 = 15.5:
        // cash 1 + 1147 = 1148; pnl 74·2 = 148, return 148/999 = 14.8148%.
        // equity: 1000 1000 1000 | 1+74·13.5 = 1000 | 1+74·14.5 = 1074 | 1148.
        var o = Run(Rising(6), [1, 1, 0, 1, 0, 0], Params(FillMode.Close), firstDecisionBar: 2);
        Near.Trade(Assert.Single(o.Trades), 3, 5, 13.5, 15.5, 74, 148, 14.814814814814813, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1000, 1000, 1074, 1148);
        Assert.Equal(2, o.BarsInMarket);
    }

    [Fact]
    public void A_score_of_zero_with_threshold_zero_neither_enters_nor_exits()
    {
        var o = Run(Basic(), [0, 1, 0, 0, 0], Params(FillMode.Close));
        // Buy at close 1 = 10 (100 shares), held through zeros, sold at the end at close 4 = 14: pnl 400.
        Near.Trade(Assert.Single(o.Trades), 1, 4, 10, 14, 100, 400, 40, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1200, 1500, 1400);
        Assert.Equal(3, o.BarsInMarket);
    }
}
