namespace Backtest.Data.Gaps;

/// <summary>A step between two consecutive bars longer than the run's <c>--max-gap</c>: the last bar before it and the first after.</summary>
public sealed record SeriesGap(long LastBarMs, long NextBarMs)
{
    public long DurationMs => NextBarMs - LastBarMs;

    public double Days => DurationMs / 86_400_000.0;
}

/// <summary>
/// One symbol's gaps, in time order. <see cref="Segments"/> is how many series the symbol was backtested as:
/// gaps + 1 when they were split at (named <see cref="GapSplitter.SegmentName"/>), else 1.
/// </summary>
public sealed record SymbolGaps(string Symbol, IReadOnlyList<SeriesGap> Gaps, int Segments);

/// <summary>Every gap of a run, per symbol in output order, and the policy that found them (results.json load.gaps).</summary>
public sealed record GapReport(GapPolicy Policy, IReadOnlyList<SymbolGaps> Symbols)
{
    public int Count => Symbols.Sum(s => s.Gaps.Count);

    /// <summary>The <paramref name="count"/> longest gaps, longest first; ties in symbol order, then time order.</summary>
    public IReadOnlyList<(string Symbol, SeriesGap Gap)> Longest(int count) =>
        [.. Symbols.SelectMany(s => s.Gaps.Select(g => (s.Symbol, Gap: g)))
            .OrderByDescending(x => x.Gap.DurationMs)
            .Take(count)];
}
