using Backtest.Data.Sources;

namespace Backtest.Data.Cache;

/// <summary>
/// A run's bars from a bar cache: the symbols, their load account (rows read, invalid rows, duplicates, issues,
/// skip reasons) as the import met them, and their bars copied out of the mapped file, windowed by the run. A run
/// from a cache therefore reports what a run from its source would, apart from run.data.
/// </summary>
public sealed class CacheBarSource(BarCache cache, bool ownsCache = true) : IBarSource
{
    private List<BarCacheSymbol>? _selected;

    public BarCache Cache { get; } = cache;

    public string Description => Cache.Path;

    /// <summary>The series themselves (48 bytes a bar) and little else: bars are copied straight into them.</summary>
    public int LoadBytesPerBar => 56;

    /// <summary>The pieces of the mapped file resident while a batch is copied out of it.</summary>
    public long FixedLoadBytes => BarCache.MappedBytes;

    public SourcePlan Plan(LoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var meta = Cache.Meta;
        var tickers = request.Tickers?.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var skipped = new List<SkippedSymbol>();
        List<BarCacheSymbol> selected;
        if (tickers != null)
        {
            selected = [];
            foreach (var t in tickers)
            {
                if (Cache.Find(t) is { } s) selected.Add(s);
                else skipped.Add(new SkippedSymbol(t, $"no data found ({t} is not in the cache '{Cache.Path}', imported from '{meta.Source.Location}')"));
            }
        }
        else
        {
            selected = [.. meta.Symbols.OrderBy(s => s.Symbol, SymbolOrder.Instance)];
        }

        if (request.Limit is int n && selected.Count > n) selected = selected.Take(n).ToList();

        if (request.OnInvalid == InvalidRowPolicy.Fail)
        {
            foreach (var s in selected)
            {
                for (int i = s.FirstIssue; i < s.FirstIssue + s.IssueCount; i++)
                {
                    var issue = meta.Issues[i];
                    if (issue.Line > 0)
                        throw new DataLoadException($"{issue.File}:{issue.Line}: invalid row for {s.Symbol}: {issue.Message} (--on-invalid fail)");
                }
            }
        }

        var window = TimeWindow.Bounds(request);
        if (request.Days is not null)
        {
            long? reference = null;
            foreach (var s in selected)
            {
                if (s.Bars == 0) continue;
                int idx = TimeWindow.LowerBound(s.Bars, k => Cache.TimeAt(s, k), window.EndMs == long.MaxValue ? long.MaxValue : window.EndMs + 1) - 1;
                if (window.EndMs == long.MaxValue) idx = s.Bars - 1;
                if (idx >= 0) reference = Math.Max(reference ?? long.MinValue, Cache.TimeAt(s, idx));
            }
            window = TimeWindow.WithReference(request, reference);
        }

        CheckImportWindow(window);
        _selected = selected;
        return new SourcePlan
        {
            Request = request,
            Symbols = selected.Select(s => new PlannedSymbol(s.Symbol, s.Bars)).ToList(),
            Skipped = skipped,
            Window = window,
        };
    }

    // A cache imported with --start/--end holds no bars outside them: a run asking for more would silently get less.
    private void CheckImportWindow(TimeWindow window)
    {
        var src = Cache.Meta.Source;
        string Bound(long? ms) => ms is long v ? UnixTime.ToIso(v) : "unbounded";
        if (src.StartMs is long s && window.StartMs < s)
            throw new DataLoadException($"cache '{Cache.Path}' holds bars from {Bound(src.StartMs)} only (imported with --start), but the run starts at {(window.StartMs == long.MinValue ? "the first bar" : UnixTime.ToIso(window.StartMs))}: pass --start {Bound(src.StartMs)} or later, or import again without --start.");
        if (src.EndMs is long e && window.EndMs > e)
            throw new DataLoadException($"cache '{Cache.Path}' holds bars up to {Bound(src.EndMs)} only (imported with --end), but the run ends at {(window.EndMs == long.MaxValue ? "the last bar" : UnixTime.ToIso(window.EndMs))}: pass --end {Bound(src.EndMs)} or earlier, or import again without --end.");
    }

    public LoadResult LoadBatch(SourcePlan plan, int from, int count, TimeWindow? window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var selected = _selected ?? throw new InvalidOperationException("Plan the source before loading it.");
        var w = window ?? plan.Window ?? TimeWindow.All;
        var meta = Cache.Meta;
        var series = new List<BarSeries>();
        var stats = new List<SymbolLoadStats>();
        var issues = new List<LoadIssue>();
        var skipped = new List<SkippedSymbol>();
        var copies = new List<BarCache.LaneCopy>();
        for (int i = from; i < from + count; i++)
        {
            var s = selected[i];
            for (int j = s.FirstIssue; j < s.FirstIssue + s.IssueCount; j++)
            {
                var x = meta.Issues[j];
                issues.Add(new LoadIssue(x.File, x.Line, x.Symbol, x.Message));
            }

            if (s.Bars == 0)
            {
                stats.Add(new SymbolLoadStats(s.Symbol, s.File, s.RowsRead, s.InvalidRows, s.Duplicates, 0, 0));
                skipped.Add(new SkippedSymbol(s.Symbol, s.Skipped ?? "no bars"));
                continue;
            }

            var sym = s;
            var (first, n) = w.Range(s.Bars, k => Cache.TimeAt(sym, k));
            stats.Add(new SymbolLoadStats(s.Symbol, s.File, s.RowsRead, s.InvalidRows, s.Duplicates, s.Bars - n, n));
            if (n == 0)
            {
                skipped.Add(new SkippedSymbol(s.Symbol, BarLoader.NoBarsInWindow(w, s.Bars, Cache.TimeAt(s, 0), Cache.TimeAt(s, s.Bars - 1))));
                continue;
            }

            var copy = new BarCache.LaneCopy(s, first, n,
                GC.AllocateUninitializedArray<long>(n), GC.AllocateUninitializedArray<double>(n), GC.AllocateUninitializedArray<double>(n),
                GC.AllocateUninitializedArray<double>(n), GC.AllocateUninitializedArray<double>(n), GC.AllocateUninitializedArray<double>(n));
            copies.Add(copy);
            series.Add(new BarSeries(s.Symbol, copy.Times, copy.Open, copy.High, copy.Low, copy.Close, copy.Volume));
        }

        Cache.Copy(copies, cancellationToken);
        return new LoadResult
        {
            Series = series,
            Issues = issues,
            Stats = stats,
            Skipped = skipped,
            Source = Cache.Path,
            WindowStart = w.StartInstant,
            WindowEnd = w.EndInstant,
        };
    }

    public void Dispose()
    {
        if (ownsCache) Cache.Dispose();
    }
}
