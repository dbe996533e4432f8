using Backtest.Simulation;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Simulation;

/// <summary>
/// Spec §4 entry size: B = cash × position_size, shares = floor((B − fee_fixed)/(bp·(1 + fee_bps/1e4)) + 1e-9),
/// the order filling only when shares ≥ 1.
/// </summary>
public class SizingTests : SimulationTestBase
{
    [Theory]
    // capital, position_size, fee_fixed, fee_bps, slippage_bps, price → shares
    [InlineData(1000, 1.0, 0, 0, 0, 10, 100)]    // 1000/10 = 100 exactly
    [InlineData(1000, 0.5, 0, 0, 0, 10, 50)]     // B = 500
    [InlineData(1000, 1.0, 0, 0, 0, 3, 333)]     // 333.33 → 333
    [InlineData(1000, 1.0, 5, 0, 0, 10, 99)]     // (1000 − 5)/10 = 99.5 → 99 (the fixed fee comes off the budget)
    [InlineData(1000, 1.0, 0, 100, 0, 10, 99)]   // 1000/(10·1.01) = 99.0099 → 99 (bps fee in the divisor)
    [InlineData(1000, 1.0, 0, 0, 100, 10, 99)]   // bp = 10.1: 1000/10.1 = 99.0099 → 99 (slippage raises bp)
    [InlineData(1000, 1.0, 0, 100, 100, 10, 98)] // 1000/(10.1·1.01) = 98.03 → 98
    [InlineData(1000, 0.011, 1, 0, 0, 10, 1)]    // B = 11: (11 − 1)/10 = 1 share exactly
    public void Shares_follow_the_sizing_rule(double capital, double positionSize, double feeFixed, double feeBps, double slippageBps, double price, long expected)
    {
        var p = Params(FillMode.Close) with
        {
            Capital = capital,
            PositionSize = positionSize,
            FeeFixed = feeFixed,
            FeeBps = feeBps,
            SlippageBps = slippageBps,
        };
        var o = Run(Bars.Flat(price, price), [1, 0], p);
        Assert.Equal(expected, Assert.Single(o.Trades).Shares);
    }

    [Fact]
    public void The_1e9_keeps_an_exact_integer_budget_from_losing_a_share()
    {
        // B = 1000·0.55 = 550 at price 1.1: exactly 500 shares, but 550/1.1 is 499.99999999999994 in f64.
        // floor(499.99999999999994 + 1e-9) = 500. Cost 550, cash 450; end at close 1.1: cash 1000, pnl 0.
        var o = Run(Bars.Flat(1.1, 1.1), [1, 0], Params(FillMode.Close) with { PositionSize = 0.55 });
        Near.Trade(Assert.Single(o.Trades), 0, 1, 1.1, 1.1, 500, 0, 0, ExitReason.End);
        AssertEquity(o, 1000, 1000);
    }

    [Fact]
    public void An_order_that_cannot_afford_one_share_is_dropped_without_a_fee()
    {
        // B = 1000·0.01 = 10, fee 1: (10 − 1)/10 = 0.9 → 0 shares → no order, no fee. Equity stays 1000.
        var p = Params(FillMode.Close) with { PositionSize = 0.01, FeeFixed = 1 };
        var o = Run(Bars.Flat(10, 10, 10, 10), [0, 1, 1, 0], p);
        Assert.Empty(o.Trades);
        AssertEquity(o, 1000, 1000, 1000, 1000);
        Assert.Equal(0, o.BarsInMarket);
    }

    [Fact]
    public void A_next_open_order_dropped_at_a_dear_open_does_not_block_the_next_entry()
    {
        // Decision at close 1; open 2 = 2000: floor(1000/2000) = 0 → dropped (no trade, no fee).
        // Close 2: flat, nothing pending, +1 → buy at open 3 = 10: 100 shares, cash 0.
        // Bar 4 is the last: sold at close 4 = 10, reason end, pnl 0.
        // equity: 1000 | 1000 | 1000 | 0 + 100·10 | 1000. In the market at close 3 only.
        var o = Run(Bars.Flat(10, 10, 2000, 10, 10), [0, 1, 1, 0, 0], Params(FillMode.NextOpen));
        Near.Trade(Assert.Single(o.Trades), 3, 4, 10, 10, 100, 0, 0, ExitReason.End);
        AssertEquity(o, 1000, 1000, 1000, 1000, 1000);
        Assert.Equal(1, o.BarsInMarket);
    }

    [Fact]
    public void The_budget_is_a_fraction_of_the_current_cash_not_of_the_capital()
    {
        // position_size 0.5, flat bars at 10 then 20, close fill.
        // Close 0: B = 500 → 50 shares, cash 500. Close 1 (price 20): sell → cash 500 + 1000 = 1500.
        // Close 2: B = 750 → floor(750/20) = 37 shares, cost 740, cash 760. End at close 3 = 20: cash 1500.
        var p = Params(FillMode.Close) with { PositionSize = 0.5 };
        var o = Run(Bars.Flat(10, 20, 20, 20), [1, -1, 1, 0], p);
        Assert.Equal(2, o.Trades.Count);
        Near.Trade(o.Trades[0], 0, 1, 10, 20, 50, 500, 100, ExitReason.Signal);
        Near.Trade(o.Trades[1], 2, 3, 20, 20, 37, 0, 0, ExitReason.End);
        AssertEquity(o, 1000, 1500, 1500, 1500);
    }

    [Fact]
    public void No_entry_is_taken_while_cash_is_not_positive()
    {
        // capital 10, all-in, fee 5. Close 1 at 1: shares = floor((10 − 5)/1) = 5, cash = 10 − 5 − 5 = 0.
        // Close 2 sells at 0.5: cash = 0 + 2.5 − 5 = −2.5. pnl = 5·(0.5 − 1) − 10 = −12.5, return −12.5/5 = −250%.
        // Close 3 has +1 but cash ≤ 0 → no entry (the sizing rule gives 0 shares as well).
        // equity: 10 | 0 + 5·1 = 5 | −2.5 | −2.5 | −2.5.
        var p = Params(FillMode.Close) with { Capital = 10, FeeFixed = 5 };
        var o = Run(Bars.Flat(1, 1, 0.5, 0.5, 0.5), [0, 1, -1, 1, 0], p);
        Near.Trade(Assert.Single(o.Trades), 1, 2, 1, 0.5, 5, -12.5, -250, ExitReason.Signal);
        AssertEquity(o, 10, 5, -2.5, -2.5, -2.5);
        Assert.Equal(1, o.BarsInMarket);
    }
}
