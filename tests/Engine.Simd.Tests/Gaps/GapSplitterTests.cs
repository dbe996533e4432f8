using Backtest.Data;
using Backtest.Data.Gaps;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Gaps;

/// <summary>Finding gaps (a step strictly longer than --max-gap) and cutting a series at them, on hand-made times.</summary>
public class GapSplitterTests
{
    private const long Day = Bars.DayMs;

    private static BarSeries At(string symbol, params long[] days)
    {
        var times = days.Select(d => Bars.StartMs + d * Day).ToArray();
        var price = days.Select(d => 100.0 + d).ToArray();
        return new BarSeries(symbol, times, price, price, price, price, new double[days.Length]);
    }

    private static LoadResult Load(params BarSeries[] series) => new()
    {
        Series = series,
        Issues = [],
        Stats = [],
        Skipped = [],
        Source = "test",
    };

    [Fact]
    public void A_step_of_exactly_max_gap_is_not_a_gap_one_millisecond_more_is()
    {
        var times = new[] { 0L, 4 * Day, 8 * Day + 1, 9 * Day };
        var s = new BarSeries("X", times, new double[4], new double[4], new double[4], new double[4], new double[4]);
        Assert.Equal([1], GapSplitter.GapsAfter(s, 4 * Day));
    }

    [Fact]
    public void Weekends_and_long_weekends_of_daily_bars_are_not_gaps_at_the_default()
    {
        // Mon..Fri, Tue..Thu after a Monday holiday, then Thursday to Monday over Good Friday: 3, 4 and 4 days.
        var s = At("D", 0, 1, 2, 3, 4, 8, 9, 10, 14);
        var load = GapSplitter.Apply(Load(s), GapPolicy.Default);
        Assert.Equal(0, load.Gaps!.Count);
        Assert.Same(s, Assert.Single(load.Series));
    }

    [Fact]
    public void Every_gap_is_reported_per_symbol_with_the_bars_on_either_side_and_the_series_kept_whole()
    {
        var a = At("A", 0, 1, 10, 11, 12, 30);
        var b = At("B", 0, 1, 2);
        var load = GapSplitter.Apply(Load(a, b), GapPolicy.Default);
        Assert.Equal([a, b], load.Series);
        var gaps = load.Gaps!;
        Assert.Equal(2, gaps.Count);
        var sa = Assert.Single(gaps.Symbols);
        Assert.Equal("A", sa.Symbol);
        Assert.Equal(1, sa.Segments);
        Assert.Equal(new SeriesGap(Bars.StartMs + 1 * Day, Bars.StartMs + 10 * Day), sa.Gaps[0]);
        Assert.Equal(new SeriesGap(Bars.StartMs + 12 * Day, Bars.StartMs + 30 * Day), sa.Gaps[1]);
        Assert.Equal(9, sa.Gaps[0].Days);
        Assert.Equal(18, sa.Gaps[1].Days);
        Assert.Equal([("A", sa.Gaps[1]), ("A", sa.Gaps[0])], gaps.Longest(5));
    }

    [Fact]
    public void Splitting_cuts_each_series_at_its_gaps_into_numbered_segments_in_place()
    {
        var a = At("A", 0, 1, 10, 11, 12, 30);
        var b = At("B", 0, 1, 2);
        var c = At("C", 0, 20);
        var load = GapSplitter.Apply(Load(a, b, c), GapPolicy.Default with { Split = true });
        Assert.Equal(["A#1", "A#2", "A#3", "B", "C#1", "C#2"], load.Series.Select(s => s.Symbol));
        Assert.Equal([2, 3, 1, 3, 1, 1], load.Series.Select(s => s.Count));
        Assert.Equal([Bars.StartMs + 10 * Day, Bars.StartMs + 11 * Day, Bars.StartMs + 12 * Day], load.Series[1].Times);
        Assert.Equal([110.0, 111, 112], load.Series[1].Close);
        Assert.Equal([3, 2], load.Gaps!.Symbols.Select(s => s.Segments));
        Assert.Equal("test", load.Source);
    }

    [Fact]
    public void A_shorter_max_gap_finds_the_weekends_too()
    {
        var s = At("D", 0, 1, 2, 3, 4, 7);
        var load = GapSplitter.Apply(Load(s), new GapPolicy(36 * 3_600_000L, Split: false));
        Assert.Equal(3, Assert.Single(load.Gaps!.Symbols).Gaps[0].Days);
    }
}
