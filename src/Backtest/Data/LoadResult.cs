namespace Backtest.Data;

/// <summary>One problem met while loading: a row (Line ≥ 1) or a whole file (Line = 0).</summary>
public sealed record LoadIssue(string File, long Line, string? Symbol, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>How one symbol's rows were used: what was read, and why any row was not kept.</summary>
public sealed record SymbolLoadStats(
    string Symbol,
    string File,
    int RowsRead,
    int InvalidRows,
    int Duplicates,
    int OutsideWindow,
    int BarsKept);

/// <summary>A symbol that yields no result, and why (results.json "skipped").</summary>
public sealed record SkippedSymbol(string Symbol, string Reason);

/// <summary>The outcome of a load: the usable series and the full account of everything not used.</summary>
public sealed record LoadResult
{
    public required IReadOnlyList<BarSeries> Series { get; init; }
    public required IReadOnlyList<LoadIssue> Issues { get; init; }
    public required IReadOnlyList<SymbolLoadStats> Stats { get; init; }
    public required IReadOnlyList<SkippedSymbol> Skipped { get; init; }

    /// <summary>
    /// Entries of the data directory that could not be looked at (a sub-folder that cannot be listed, a name that is
    /// not valid UTF-8), each with why; they name no symbol. A load in batches reports them with its first batch.
    /// </summary>
    public IReadOnlyList<LoadIssue> SkippedFiles { get; init; } = [];

    /// <summary>What was read, for results.json run.data (a path, or "synthetic(...)").</summary>
    public required string Source { get; init; }

    /// <summary>The window actually applied (null bounds mean unbounded).</summary>
    public DateTimeOffset? WindowStart { get; init; }
    public DateTimeOffset? WindowEnd { get; init; }

    /// <summary>The gaps found in <see cref="Series"/> (<see cref="Gaps.GapSplitter.Apply"/>); null before the gap check.</summary>
    public Gaps.GapReport? Gaps { get; init; }

    public int InvalidRows => Stats.Sum(s => s.InvalidRows);
    public int Duplicates => Stats.Sum(s => s.Duplicates);
}

/// <summary>
/// Loading cannot go on: with --on-invalid fail at the first invalid row, or when a path is unusable.
/// The message names the file and, where there is one, the line.
/// </summary>
public sealed class DataLoadException(string message) : Exception(message);
