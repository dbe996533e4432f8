namespace Backtest.Data.Gaps;

/// <summary>
/// Which jumps in a series are gaps (<c>--max-gap</c>: a step between consecutive bars strictly longer than
/// <see cref="MaxGapMs"/>), and whether each side of a gap is backtested as its own series (<c>--split-at-gaps</c>).
/// </summary>
public sealed record GapPolicy(long MaxGapMs, bool Split)
{
    /// <summary>4 days: longer than any weekend with a holiday (Friday close to Tuesday open is 3.7 days; a daily
    /// series steps Thursday to Monday over Easter, exactly 4 days), shorter than any real hole in the data.</summary>
    public const long DefaultMaxGapMs = 4 * 86_400_000L;

    public const string DefaultText = "4d";

    /// <summary>Gaps longer than 4 days are reported; positions are held across them.</summary>
    public static GapPolicy Default { get; } = new(DefaultMaxGapMs, Split: false);
}
