using Backtest.Data;

namespace Backtest.Results;

/// <summary>What the load did not use, for the console report and results.json "load".</summary>
public sealed record LoadAccount(int InvalidRows, int Duplicates, IReadOnlyList<LoadIssue> Issues)
{
    public static LoadAccount None { get; } = new(0, 0, []);

    /// <summary>Entries of the data directory that could not be looked at, with why (<see cref="LoadResult.SkippedFiles"/>).</summary>
    public IReadOnlyList<LoadIssue> SkippedFiles { get; init; } = [];

    public static LoadAccount From(LoadResult load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return new(load.InvalidRows, load.Duplicates, load.Issues) { SkippedFiles = load.SkippedFiles };
    }
}
