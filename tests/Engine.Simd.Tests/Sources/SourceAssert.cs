using Backtest.Data;
using Backtest.Data.Sources;
using Xunit;

namespace Backtest.Tests.Sources;

internal static class SourceAssert
{
    /// <summary>Every bar of every series bit for bit, and the series in the same order.</summary>
    public static void SameSeries(IReadOnlyList<BarSeries> expected, IReadOnlyList<BarSeries> actual)
    {
        Assert.Equal(expected.Select(s => s.Symbol), actual.Select(s => s.Symbol));
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal(e.Times, a.Times);
            Assert.Equal(e.Open, a.Open);
            Assert.Equal(e.High, a.High);
            Assert.Equal(e.Low, a.Low);
            Assert.Equal(e.Close, a.Close);
            Assert.Equal(e.Volume, a.Volume);
        }
    }

    /// <summary>The load as one batch of the whole plan, or as batches of <paramref name="batchSize"/> put together.</summary>
    public static List<BarSeries> LoadAll(IBarSource source, LoadRequest request, int batchSize = 0)
    {
        var ct = TestContext.Current.CancellationToken;
        var plan = source.Plan(request, ct);
        if (batchSize == 0) return [.. source.LoadBatch(plan, 0, plan.Symbols.Count, plan.Window, ct).Series];
        var all = new List<BarSeries>();
        for (int from = 0; from < plan.Symbols.Count; from += batchSize)
            all.AddRange(source.LoadBatch(plan, from, Math.Min(batchSize, plan.Symbols.Count - from), plan.Window ?? TimeWindow.Bounds(request), ct).Series);
        return all;
    }
}
