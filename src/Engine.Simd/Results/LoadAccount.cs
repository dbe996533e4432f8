using Backtest.Data;

namespace Backtest.Results;

/// <summary>What the load did not use, for the console report and results.json "load".</summary>
public sealed record LoadAccount(int InvalidRows, int Duplicates, IReadOnlyList<LoadIssue> Issues)
{
    public static LoadAccount None { get; } = new(0, 0, []);

    public static LoadAccount From(LoadResult load) => new(load.InvalidRows, load.Duplicates, load.Issues);
}
