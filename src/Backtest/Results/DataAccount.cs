using Backtest.Data;

namespace Backtest.Results;

/// <summary>
/// Where the bars of an optimization or walk-forward came from, for their reports: the source, the window
/// the loader applied, what the load did not use, and the symbols it skipped.
/// </summary>
public sealed record DataAccount(string Data, DateTimeOffset? WindowStart, DateTimeOffset? WindowEnd, LoadAccount Load, IReadOnlyList<SkippedSymbol> Skipped)
{
    public static DataAccount From(LoadResult load)
    {
        ArgumentNullException.ThrowIfNull(load);
        return new(load.Source, load.WindowStart, load.WindowEnd, LoadAccount.From(load), load.Skipped);
    }
}
