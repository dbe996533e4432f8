using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Simulation;

/// <summary>Entry orders dropped because the budget cannot buy one share are counted (spec §4: shares &lt; 1).</summary>
public sealed class UnaffordableEntryTests : SimulationTestBase
{
    [Fact]
    public void Every_entry_signal_a_budget_cannot_fill_is_counted_at_next_open()
    {
        // Capital 1,000 at 5 %: B = 50, fee 1, price 100: floor(49/100) = 0 shares. next-open: the decision at close 1
        // is dropped at open 2; close 2 is flat with nothing pending and decides again (dropped at open 3); close 3 has
        // no signal; close 5 decides (dropped at open 6). Three dropped orders, no trade, no fee: equity stays 1,000.
        var p = Params(FillMode.NextOpen) with { PositionSize = 0.05, FeeFixed = 1 };
        var o = Run(Bars.Flat(100, 100, 100, 100, 100, 100, 100, 100), [0, 1, 1, 0, 0, 1, 0, 0], p);
        Assert.Empty(o.Trades);
        Assert.Equal(3, o.UnaffordableEntries);
        AssertEquity(o, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000);
    }

    [Fact]
    public void An_affordable_entry_is_not_counted_and_a_fill_at_close_counts_at_its_decision()
    {
        // Close fill, all-in with 1,000: 10 shares at 100; after the sale at 40 (cash 400), a signal at close 4 on a price
        // of 500 cannot buy one share: one dropped order.
        var p = Params(FillMode.Close);
        var o = Run(Bars.Flat(100, 100, 40, 500, 500), [1, 0, -1, 0, 1], p);
        Assert.Single(o.Trades);
        Assert.Equal(0, o.UnaffordableEntries);

        o = Run(Bars.Flat(100, 100, 40, 500, 500, 500), [1, 0, -1, 0, 1, 0], p);
        Assert.Single(o.Trades);
        Assert.Equal(1, o.UnaffordableEntries);
    }
}
