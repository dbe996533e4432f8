namespace Backtest.Data.Gaps;

/// <summary>
/// Finds the gaps of loaded series (<see cref="GapPolicy"/>) and, when the policy splits, cuts each series at them:
/// each side becomes a series of its own, so every engine and command backtests it as an independent symbol (its
/// indicators warm up again, a position still open at its last bar is sold there with reason <c>end</c>).
/// Splitting here, before any engine, keeps the fused kernels free of gap logic.
/// </summary>
public static class GapSplitter
{
    /// <summary>The name of segment <paramref name="number"/> (1-based) of a split symbol: <c>SPY#2</c>.</summary>
    public static string SegmentName(string symbol, int number) => $"{symbol}#{number}";

    /// <summary>The bars k after which the series jumps by more than <paramref name="maxGapMs"/> (t[k+1] − t[k] &gt; max).</summary>
    public static List<int> GapsAfter(BarSeries series, long maxGapMs)
    {
        ArgumentNullException.ThrowIfNull(series);
        var at = new List<int>();
        var t = series.Times;
        for (int k = 0; k + 1 < t.Length; k++)
        {
            // Subtraction cannot overflow: times are sorted and both are valid instants.
            if (t[k + 1] - t[k] > maxGapMs) at.Add(k);
        }
        return at;
    }

    /// <summary>
    /// The load with its gaps reported (<see cref="LoadResult.Gaps"/>) and, when <see cref="GapPolicy.Split"/>, each
    /// series with gaps replaced, in place, by its segments <c>SYM#1</c>, <c>SYM#2</c>, ... Series without gaps are
    /// kept as they are.
    /// </summary>
    public static LoadResult Apply(LoadResult load, GapPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(policy);
        var symbols = new List<SymbolGaps>();
        var series = policy.Split ? new List<BarSeries>(load.Series.Count) : null;
        foreach (var s in load.Series)
        {
            var after = GapsAfter(s, policy.MaxGapMs);
            if (after.Count > 0)
            {
                var gaps = after.Select(k => new SeriesGap(s.Times[k], s.Times[k + 1])).ToArray();
                symbols.Add(new SymbolGaps(s.Symbol, gaps, policy.Split ? after.Count + 1 : 1));
            }
            if (series is null) continue;
            if (after.Count == 0)
            {
                series.Add(s);
                continue;
            }
            int from = 0;
            for (int i = 0; i <= after.Count; i++)
            {
                int end = i < after.Count ? after[i] + 1 : s.Count;
                series.Add(s.Slice(from, end - from, SegmentName(s.Symbol, i + 1)));
                from = end;
            }
        }
        return load with { Series = series ?? load.Series, Gaps = new GapReport(policy, symbols) };
    }
}
