namespace Backtest.Data.Sources;

/// <summary>
/// A path of bar files (CSV/;/tab, Parquet, LEAN minute folders) read by <see cref="BarLoader"/>. A directory is
/// read in batches of file-name symbols; one file is read whole (it may hold any symbols). A run in one batch of
/// everything is exactly <see cref="BarLoader.Load(LoadRequest, CancellationToken)"/>.
/// </summary>
public sealed class FileBarSource(string path) : IFingerprintedSource
{
    // Sizing only (a batch is cut when its estimated bars reach the budget): over-estimating is safe.
    private const int TextBytesPerBarEstimate = Files.ReadLimit.TextBytesPerBar;
    private const int CompressedBytesPerBarEstimate = 8;

    private SourceSelection? _selection;
    private List<List<DataSource>>? _unitSources;

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
        var sourceSymbols = sources.Select(s => s.Symbol).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (singleFile)
        {
            _selection = new SourceSelection(Path, sources, sourceSymbols, true, tickers, request.Limit, skippedFiles);
            return new SourcePlan
            {
                Request = request,
                Symbols = [new PlannedSymbol(sources[0].Symbol, Estimate(sources))],
                Batchable = false,
                Window = request.Days == null ? TimeWindow.Bounds(request) : null,
            };
        }

        var selected = BarLoader.PreSelect(sources, tickers, request.Limit, singleFile: false);
        var byUnit = selected.GroupBy(s => s.Symbol, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        IEnumerable<string> order = tickers != null
            ? tickers.Where(byUnit.ContainsKey)
            : byUnit.Keys.Order(SymbolOrder.Instance);
        var units = order.Select(u => byUnit[u]).ToList();
        var skipped = tickers?.Where(t => !sourceSymbols.Contains(t))
            .Select(t => new SkippedSymbol(t, BarLoader.NoDataReason(t, Path, singleFile: false))).ToList() ?? [];

        _selection = new SourceSelection(Path, selected, sourceSymbols, false, tickers, request.Limit, skippedFiles);
        _unitSources = units;
        return new SourcePlan
        {
            Request = request,
            Symbols = units.Select(u => new PlannedSymbol(u[0].Symbol, Estimate(u))).ToList(),
            Skipped = skipped,
            Window = request.Days == null ? TimeWindow.Bounds(request) : null,
        };
    }

    public LoadResult LoadBatch(SourcePlan plan, int from, int count, TimeWindow? window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var selection = _selection ?? throw new InvalidOperationException("Plan the source before loading it.");
        bool whole = from == 0 && count == plan.Symbols.Count;
        if (whole && window == null)
        {
            // The whole run in one go: the loader as it always was (it throws when nothing is usable).
            return BarLoader.LoadSources(selection, plan.Request, null, null, -1, cancellationToken);
        }

        if (!plan.Batchable || _unitSources == null)
            throw new InvalidOperationException($"'{Path}' is one file: it is read whole, in one batch.");
        var units = _unitSources.GetRange(from, count);
        var names = units.Select(u => u[0].Symbol).ToList();
        // Sources keep the order discovery gave them: rows of one symbol from several files merge in that order.
        var wanted = units.SelectMany(u => u).ToHashSet();
        var batch = new SourceSelection(Path, selection.Sources.Where(wanted.Contains).ToList(),
            selection.SourceSymbols, false, names, null, selection.SkippedFiles);
        var result = BarLoader.LoadSources(batch, plan.Request, window ?? TimeWindow.Bounds(plan.Request),
            names.ToHashSet(StringComparer.OrdinalIgnoreCase), -1, cancellationToken, firstBatch: from == 0);
        return result;
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

    /// <summary>A file's length; 0 for one that cannot be looked at (its reader says why when the batch reads it).</summary>
    private static long LengthOrZero(string file)
    {
        var info = new FileInfo(file);
        return info.Exists ? info.Length : 0;
    }

    private static long Estimate(IEnumerable<DataSource> sources)
    {
        long bars = 0;
        foreach (var s in sources)
        {
            long bytes = s.Kind == SourceKind.LeanMinuteFolder
                ? Directory.EnumerateFiles(s.Path, "*_trade.zip").Sum(LengthOrZero)
                : LengthOrZero(s.Path);
            bars += bytes / (s.Kind == SourceKind.Delimited ? TextBytesPerBarEstimate : CompressedBytesPerBarEstimate) + 1;
        }

        return bars;
    }
}
