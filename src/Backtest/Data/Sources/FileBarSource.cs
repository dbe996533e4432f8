namespace Backtest.Data.Sources;

/// <summary>
/// A path of bar files (CSV/;/tab, Parquet, LEAN minute folders) read by <see cref="BarLoader"/>: one file or a
/// directory. The plan surveys which symbols each file holds (its name's, or those of its symbol column, see
/// <see cref="SymbolSurvey"/>), so any of them is read in batches of symbols: a batch reads the files that hold its
/// symbols and keeps only its symbols' rows. A run in one batch of everything is exactly
/// <see cref="BarLoader.Load(LoadRequest, CancellationToken)"/>.
/// </summary>
public sealed class FileBarSource(string path) : IFingerprintedSource
{
    private SourceSelection? _selection;
    private List<Unit>? _units;

    /// <summary>One symbol of the plan and the files holding its rows, in discovery order (their rows merge in it).</summary>
    private sealed record Unit(string Symbol, List<DataSource> Sources, long EstimatedBars);

    public string Path { get; } = path;

    public string Description => Path;

    public string Kind => "files";

    public string Location => System.IO.Path.GetFullPath(Path);

    /// <summary>Raw rows as read (growable, up to twice their count), the cleaned copy and the windowed slice.</summary>
    public int LoadBytesPerBar => Files.ReadLimit.LoadedBytesPerBar;

    public SourcePlan Plan(LoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = DataSourceDiscovery.Find(Path, out var skippedFiles);
        bool singleFile = File.Exists(Path);
        var tickers = request.Tickers?.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        var held = SymbolSurvey.Of(sources, Files.ReadLimit.For(request), cancellationToken);
        var units = new Dictionary<string, Unit>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < sources.Count; i++)
        {
            foreach (var h in held[i])
            {
                if (units.TryGetValue(h.Symbol, out var u))
                {
                    if (!u.Sources.Contains(sources[i])) u.Sources.Add(sources[i]);
                    units[h.Symbol] = u with { EstimatedBars = u.EstimatedBars + h.Rows };
                }
                else
                {
                    units.Add(h.Symbol, new Unit(h.Symbol, [sources[i]], h.Rows));
                }
            }
        }

        // The symbols of the run: tickers order (missing ones skipped), else symbol order; then the limit.
        IEnumerable<string> order = tickers != null
            ? tickers.Where(units.ContainsKey)
            : units.Keys.Order(SymbolOrder.Instance);
        if (request.Limit is int n) order = order.Take(n);
        var selected = order.Select(s => units[s]).ToList();
        var skipped = tickers?.Where(t => !units.ContainsKey(t))
            .Select(t => new SkippedSymbol(t, BarLoader.NoDataReason(t, Path, singleFile))).ToList() ?? [];

        var wanted = selected.SelectMany(u => u.Sources).ToHashSet();
        var sourceSymbols = units.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
        _selection = new SourceSelection(Path, sources.Where(wanted.Contains).ToList(), sourceSymbols, singleFile, tickers, request.Limit,
            selected.Select(u => u.Symbol).ToHashSet(StringComparer.OrdinalIgnoreCase), skippedFiles);
        _units = selected;
        return new SourcePlan
        {
            Request = request,
            Symbols = selected.Select(u => new PlannedSymbol(u.Symbol, u.EstimatedBars)).ToList(),
            Skipped = skipped,
            Window = request.Days == null ? TimeWindow.Bounds(request) : null,
        };
    }

    public LoadResult LoadBatch(SourcePlan plan, int from, int count, TimeWindow? window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var selection = _selection ?? throw new InvalidOperationException("Plan the source before loading it.");
        var units = _units!.GetRange(from, count);
        bool whole = from == 0 && count == plan.Symbols.Count;
        if (whole && window == null)
        {
            // The whole run in one go, its window resolved from its bars (it throws when nothing is usable).
            return BarLoader.LoadSources(selection, plan.Request, null, null, -1, cancellationToken);
        }

        if (window == null) throw new InvalidOperationException("Only a batch of the whole plan may resolve its window from its bars.");
        var names = units.Select(u => u.Symbol).ToList();
        var only = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        // Sources keep the order discovery gave them: rows of one symbol from several files merge in that order.
        var wanted = units.SelectMany(u => u.Sources).ToHashSet();
        var batch = new SourceSelection(Path, selection.Sources.Where(wanted.Contains).ToList(),
            selection.SourceSymbols, selection.SingleFile, names, null, only, selection.SkippedFiles);
        return BarLoader.LoadSources(batch, plan.Request, window, only, -1, cancellationToken, firstBatch: from == 0);
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// Every bar file under the path (all of them, not only the selected ones: a new file can hold a symbol of the
    /// selection), by path relative to it, with its size and last write time; LEAN folders by each trade zip.
    /// </summary>
    public SortedDictionary<string, string> Fingerprint(SourcePlan plan, CancellationToken cancellationToken)
    {
        var stamps = new SortedDictionary<string, string>(StringComparer.Ordinal);
        string root = File.Exists(Path) ? System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))! : System.IO.Path.GetFullPath(Path);
        foreach (var s in DataSourceDiscovery.Find(Path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            IEnumerable<string> files = s.Kind == SourceKind.LeanMinuteFolder
                ? Directory.EnumerateFiles(s.Path, "*_trade.zip").Order(StringComparer.Ordinal)
                : [s.Path];
            foreach (var f in files)
            {
                var info = new FileInfo(f);
                string name = System.IO.Path.GetRelativePath(root, info.FullName).Replace('\\', '/');
                stamps[name] = info.Exists ? Stamp(info.Length, info.LastWriteTimeUtc) : "cannot be looked at";
            }
        }

        return stamps;
    }

    internal static string Stamp(long size, DateTime modifiedUtc) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{size} bytes, modified {modifiedUtc:yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'}");
}
