using System.Globalization;
using Backtest.Runs;

namespace Backtest.Data.Files;

/// <summary>
/// The most bytes one file (or one entry of a LEAN zip) may hold in memory while it is parsed, derived from the
/// memory budget: a file is read whole, and its rows then take about five times its bytes (the loader holds some
/// 200 bytes per bar of about 40 bytes of text), so one file may take a sixth of the budget. Reading stops at the
/// limit whatever a file or a zip header claims: a file past it is skipped with a message, never read to the end.
/// </summary>
public readonly record struct ReadLimit(long MemoryBudget)
{
    /// <summary>Bytes the loader holds per bar at its peak: raw rows (growable, up to twice their count), the cleaned copy, the windowed slice.</summary>
    public const int LoadedBytesPerBar = 200;

    /// <summary>Bytes of text a bar takes in a typical CSV file (an estimate: rows run from 20 to 90 bytes).</summary>
    public const int TextBytesPerBar = 40;

    /// <summary>Memory a file's text takes once read and parsed, per byte of it: the text itself plus its bars.</summary>
    public const int TextExpansion = 1 + LoadedBytesPerBar / TextBytesPerBar;

    /// <summary>The limit for a load: its request's budget, or the default budget when it names none.</summary>
    public static ReadLimit For(LoadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ReadLimit(request.MemoryBudget ?? Runs.MemoryBudget.Default);
    }

    /// <summary>Bytes one file may hold (at most the largest array .NET allows).</summary>
    public long Bytes => Math.Clamp(MemoryBudget / TextExpansion, 1, Array.MaxLength);

    /// <summary>Rows one file may yield: a file whose rows are stored compactly (Parquet) is bounded by what its rows take once read.</summary>
    public long Rows => Math.Max(1, MemoryBudget / LoadedBytesPerBar);

    /// <summary>"the file holds 3,000,000,000 rows, more than the 26,843,545 the memory budget of 5.0 GiB can hold ..."</summary>
    public string TooManyRows(string what, long rows) => string.Create(CultureInfo.InvariantCulture,
        $"{what} holds {rows:N0} rows, more than the {Rows:N0} the memory budget of {Runs.MemoryBudget.Format(MemoryBudget)} can hold " +
        $"({LoadedBytesPerBar} bytes a row while loading; raise --memory-budget to read it)");

    /// <summary>"the file is 2,000,000 bytes, more than the 1,000,000 bytes one file may hold under the memory budget of 6 MiB ..."</summary>
    public string TooLarge(string what, long bytes, bool atLeast = false)
    {
        string why = Bytes == Array.MaxLength
            ? "(the most one .NET array holds; split the file)"
            : $"under the memory budget of {Runs.MemoryBudget.Format(MemoryBudget)} (a sixth of it; raise --memory-budget to read it)";
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} is {(atLeast ? "more than " : "")}{bytes:N0} bytes, more than the {Bytes:N0} bytes one file may hold in memory {why}");
    }
}
