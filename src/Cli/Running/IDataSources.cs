using Backtest.Data;
using Backtest.Data.Sources;

namespace Backtest.Cli.Running;

/// <summary>
/// Everything the commands need from the data stage, behind one seam so that the commands can be
/// tested on hand-made bars and the data stage can change without touching them.
/// <see cref="DataSources"/> is the implementation of this build.
/// </summary>
public interface IDataSources
{
    /// <summary>Loads bars from a path (spec §1). Throws <see cref="DataLoadException"/> when the input is unusable.</summary>
    LoadResult Load(LoadRequest request, CancellationToken cancellationToken);

    /// <summary>The symbols of a tickers file (a JSON array, or one per line).</summary>
    IReadOnlyList<string> ReadTickers(string path);

    /// <summary>A --start/--end bound: an instant, or a date (00:00Z for a start, the end of that day for an end).</summary>
    DateTimeOffset ParseBound(string text, bool isEnd);

    /// <summary>The built-in synthetic universe: deterministic for a given seed.</summary>
    IReadOnlyList<BarSeries> Synthesize(int symbols, int days, int seed, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the synthetic universe as DIR/&lt;SYMBOL&gt;.csv files the loader reads back, plus a
    /// description of how they were made. Returns the number of symbols and bars written.
    /// </summary>
    (int Symbols, long Bars) WriteSynthetic(int symbols, int days, int seed, string directory, CancellationToken cancellationToken);

    /// <summary>
    /// The source of <c>--data</c>/<c>--db</c>, read in batches (a path, a bar cache, PostgreSQL); null when this data
    /// stage only loads whole, through <see cref="Load"/>. Throws <see cref="DataLoadException"/> when it is unusable.
    /// A database statement waits at most <paramref name="dbTimeoutSeconds"/> for the server (0: forever).
    /// </summary>
    IBarSource? OpenSource(string? data, string? db, int dbTimeoutSeconds, Action<string> warn, CancellationToken cancellationToken) => null;

    /// <summary>The synthetic universe as a source read in batches (any size); null when this data stage has none.</summary>
    IBarSource? OpenSynthetic(int symbols, int days, int seed) => null;
}

/// <summary>A part of the program this build does not hold; the message says which and is shown as is.</summary>
public sealed class NotInThisBuildException(string message) : Exception(message);
