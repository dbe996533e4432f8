using Backtest.Data;
using Backtest.Data.Gaps;

namespace Backtest.Results;

/// <summary>What the load did not use, for the console report and results.json "load".</summary>
public sealed record LoadAccount(int InvalidRows, int Duplicates, IReadOnlyList<LoadIssue> Issues)
{
    public static LoadAccount None { get; } = new(0, 0, []);

    /// <summary>The gaps of the series (--max-gap), null where no gap check ran.</summary>
    public GapReport? Gaps { get; init; }

    /// <summary>Entries of the data directory that could not be looked at, with why (<see cref="LoadResult.SkippedFiles"/>).</summary>
    public IReadOnlyList<LoadIssue> SkippedFiles { get; init; } = [];

    public static LoadAccount From(LoadResult load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return new(load.InvalidRows, load.Duplicates, load.Issues) { Gaps = load.Gaps, SkippedFiles = load.SkippedFiles };
    }
}
