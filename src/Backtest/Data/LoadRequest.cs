namespace Backtest.Data;

/// <summary>What to do with an invalid row (spec §1).</summary>
public enum InvalidRowPolicy
{
    /// <summary>Skip it, count it per symbol and report it with file and line (the default).</summary>
    Skip,

    /// <summary>Stop loading with a <see cref="DataLoadException"/> naming the file and line.</summary>
    Fail,
}

/// <summary>
/// Which bars to load: a directory of per-symbol files or one multi-symbol file, filtered by tickers,
/// limited in count and windowed in time (spec §1). End bounds are inclusive instants.
/// </summary>
public sealed record LoadRequest
{
    public required string Path { get; init; }

    /// <summary>Only these symbols, in this order (case-insensitive match); null means all.</summary>
    public IReadOnlyList<string>? Tickers { get; init; }

    /// <summary>At most this many symbols (after the ticker filter, in symbol order).</summary>
    public int? Limit { get; init; }

    /// <summary>Keep end − Days·86,400 s &lt; t ≤ end, end being the last timestamp over all symbols.</summary>
    public int? Days { get; init; }

    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    public InvalidRowPolicy OnInvalid { get; init; } = InvalidRowPolicy.Skip;

    /// <summary>
    /// Bytes the run may use; bounds what one file may hold in memory while it is read (<see cref="Files.ReadLimit"/>).
    /// Null: the default budget (<see cref="Runs.MemoryBudget.Default"/>).
    /// </summary>
    public long? MemoryBudget { get; init; }

    /// <summary>This request, bounded by <paramref name="budget"/> unless it names a budget of its own.</summary>
    public LoadRequest WithBudget(long budget) => MemoryBudget is null ? this with { MemoryBudget = budget } : this;
}
