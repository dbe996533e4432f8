namespace Backtest.Data.Sources;

/// <summary>One symbol a source will yield, with the bars it expects to hold (to size batches).</summary>
public sealed record PlannedSymbol(string Symbol, long EstimatedBars);

/// <summary>
/// What a run reads from a source: its symbols in output order (tickers order, else symbol order, then the
/// limit), those already known to be missing, and the window when the source could resolve it without
/// reading the bars. Batches are contiguous ranges of <see cref="Symbols"/>.
/// </summary>
public sealed class SourcePlan
{
    public required LoadRequest Request { get; init; }

    public required IReadOnlyList<PlannedSymbol> Symbols { get; init; }

    /// <summary>Symbols of the request that the source does not hold (missing tickers), with the reason.</summary>
    public IReadOnlyList<SkippedSymbol> Skipped { get; init; } = [];

    /// <summary>
    /// The window of the run; null when a <c>--days</c> window needs the bars themselves (then a run in one batch
    /// resolves it from that batch, and a run in several scans the bars first).
    /// </summary>
    public TimeWindow? Window { get; set; }

    /// <summary>False when the source can only be read whole: the run is then one batch (no source of this build needs it).</summary>
    public bool Batchable { get; init; } = true;

    /// <summary>Where a symbol stands in the output (tickers order, else plan order); unknown symbols last.</summary>
    public int OrderOf(string symbol)
    {
        _order ??= BuildOrder();
        return _order.TryGetValue(symbol, out int i) ? i : int.MaxValue;
    }

    private Dictionary<string, int>? _order;

    private Dictionary<string, int> BuildOrder()
    {
        var order = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<string> names = Request.Tickers is { } t ? t.Select(x => x.Trim()) : Symbols.Select(s => s.Symbol);
        foreach (var name in names) order.TryAdd(name, order.Count);
        foreach (var s in Symbols) order.TryAdd(s.Symbol, order.Count);
        return order;
    }
}

/// <summary>
/// A store of bars that a run reads in batches of symbols: a CSV/Parquet/LEAN path, a bar cache, a PostgreSQL
/// database. Every source applies spec §1 the same way (validation, last-valid-wins de-duplication, window,
/// tickers, limit), so the same bars give the same results whatever holds them.
/// </summary>
public interface IBarSource : IDisposable
{
    /// <summary>What is read, for results.json run.data (never holds a password).</summary>
    string Description { get; }

    /// <summary>Bytes per bar that loading a batch needs at its peak (buffers, cleaning, the series themselves).</summary>
    int LoadBytesPerBar { get; }

    /// <summary>
    /// Bytes that reading needs whatever the batch's size (a bar cache's mapped pages being read), which the memory
    /// budget sets aside before it sizes batches.
    /// </summary>
    long FixedLoadBytes => 0;

    /// <summary>The symbols of the run. Throws <see cref="DataLoadException"/> when the source is unusable.</summary>
    SourcePlan Plan(LoadRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Symbols [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>) of the plan, windowed by
    /// <paramref name="window"/>; null resolves the window from these bars, which only a single batch of the whole
    /// plan may ask. Symbols without usable bars are in <see cref="LoadResult.Skipped"/>; nothing usable is not an
    /// exception here (the run decides).
    /// </summary>
    LoadResult LoadBatch(SourcePlan plan, int from, int count, TimeWindow? window, CancellationToken cancellationToken);
}

/// <summary>
/// A source that can say what it looks like without reading its bars, so a cache of it can tell when it is stale:
/// names (files, symbols) mapped to a stamp (size and modification time, row count and span).
/// </summary>
public interface IFingerprintedSource : IBarSource
{
    /// <summary>"files" or "postgres".</summary>
    string Kind { get; }

    /// <summary>Where the bars are, as a cache records it (a path; a connection without its password).</summary>
    string Location { get; }

    SortedDictionary<string, string> Fingerprint(SourcePlan plan, CancellationToken cancellationToken);
}
