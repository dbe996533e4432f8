using Backtest.Data;
using Backtest.Data.Gaps;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Contract;

/// <summary>
/// --split-at-gaps cuts series before any engine sees them; every engine must then trade each segment as the
/// independent series it is: the hand-worked trades of <see cref="GapBars"/>, in every precision (its prices are
/// whole numbers, exact in f32).
/// </summary>
public abstract partial class EngineContract
{
    [Fact]
    public void Segments_of_a_series_split_at_its_gap_give_the_hand_worked_trades()
    {
        var engine = Engine();
        var load = GapSplitter.Apply(
            new LoadResult { Series = [GapBars.Series()], Issues = [], Stats = [], Skipped = [], Source = "hand-made" },
            GapPolicy.Default with { Split = true });
        var results = Run(engine, load.Series, GapBars.Trend);
        Assert.Equal(["GAP#1", "GAP#2"], results.Select(r => r.Symbol));
        Assert.Equal([6, 6], results.Select(r => r.Bars));
        GapBars.AssertTrades([GapBars.FirstSegmentTrade], results[0].Trades);
        GapBars.AssertTrades([GapBars.SecondSegmentTrade], results[1].Trades);
        Assert.Equal(GapBars.FirstSegmentFinal, results[0].Metrics.FinalValue, 9);
        Assert.Equal(GapBars.SecondSegmentFinal, results[1].Metrics.FinalValue, 9);
    }

    [Fact]
    public void A_series_kept_whole_across_its_gap_gives_the_hand_worked_trades_held_across_it()
    {
        var results = Run(Engine(), [GapBars.Series()], GapBars.Trend);
        GapBars.AssertTrades(GapBars.WholeTrades, Assert.Single(results).Trades);
        Assert.Equal(GapBars.WholeFinal, results[0].Metrics.FinalValue, 9);
    }
}
