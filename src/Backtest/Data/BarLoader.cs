namespace Backtest.Data;

/// <summary>Entry point of the data stage: loads bars from a path as spec §1 describes.</summary>
/// <remarks>
/// Steps: find the sources; pre-select them by file-name symbol (tickers, limit) so unwanted files are
/// never read; read them in parallel (results land in per-source slots, so order and content do not depend
/// on the degree of parallelism); merge rows per symbol in source order; select symbols (tickers order, or
/// sorted symbol order, then the limit); clean each series (sort, last-valid-wins de-duplication); apply the
/// window; account for every skipped row and symbol.
/// </remarks>
public static class BarLoader
{
    private const int MaxReasonsInError = 5;

    public static LoadResult Load(LoadRequest request, CancellationToken cancellationToken = default)
        => Load(request, -1, cancellationToken);

    /// <summary>As <see cref="Load(LoadRequest, CancellationToken)"/>, with a cap on parallel file reads (-1 = all cores).</summary>
    public static LoadResult Load(LoadRequest request, int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 0) throw new ArgumentOutOfRangeException(nameof(request), "Limit must be ≥ 0.");
        if (request.Days is <= 0) throw new ArgumentOutOfRangeException(nameof(request), "Days must be ≥ 1.");
        string path = request.Path;
        var sources = DataSourceDiscovery.Find(path, out var skippedFiles);
        bool singleFile = File.Exists(path);
        var tickers = request.Tickers?.Select(t => t.Trim()).Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        var sourceSymbols = sources.Select(s => s.Symbol).ToHashSet(StringComparer.OrdinalIgnoreCase);
        sources = PreSelect(sources, tickers, request.Limit, singleFile);
        return LoadSources(new SourceSelection(path, sources, sourceSymbols, singleFile, tickers, request.Limit, SkippedFiles: skippedFiles),
            request, window: null, batchUnits: null, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>
    /// The bars of <paramref name="selection"/>'s sources. <paramref name="window"/> null resolves the window from
    /// these bars (spec §1); a batch of a larger run passes the run's window. <paramref name="batchUnits"/> non-null
    /// marks one batch of a run read in several: then no exception is thrown when nothing is usable (the run decides).
    /// The rows of symbols outside <see cref="SourceSelection.Only"/> are not read (a multi-symbol file's other
    /// symbols belong to other batches). The selection's skipped files are reported by a load without
    /// <paramref name="batchUnits"/> and by the first batch of a run (<paramref name="firstBatch"/>), so a run that adds
    /// its batches up counts them once.
    /// </summary>
    internal static LoadResult LoadSources(SourceSelection selection, LoadRequest request, TimeWindow? window,
        IReadOnlySet<string>? batchUnits, int maxDegreeOfParallelism, CancellationToken cancellationToken, bool firstBatch = false)
    {
        var (path, sources, sourceSymbols, singleFile, tickers, limit, only, skippedFiles) = selection;
        var scope = only != null ? ReadScope.Only(only) : null;
        var readLimit = Files.ReadLimit.For(request);

        // Read every source in parallel into its own slot.
        var reads = new FileReadResult[sources.Count];
        Parallel.For(0, sources.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism },
            i => reads[i] = sources[i].Kind switch
            {
                SourceKind.LeanMinuteFolder => LeanMinuteReader.Read(sources[i].Path, sources[i].Symbol, readLimit, cancellationToken),
                SourceKind.Parquet => Parquet.ParquetBarFileReader.Read(sources[i].Path, sources[i].Symbol, readLimit, cancellationToken, scope),
                _ => CsvBarFileReader.Read(sources[i].Path, sources[i].Symbol, readLimit, cancellationToken, scope),
            });

        // Merge per symbol, in source order; unreadable files become a per-symbol problem.
        var buffers = new Dictionary<string, RawBarBuffer>(StringComparer.OrdinalIgnoreCase);
        var problems = new Dictionary<string, List<LoadIssue>>(StringComparer.OrdinalIgnoreCase);
        foreach (var read in reads)
        {
            if (read.Problem != null)
            {
                if (!problems.TryGetValue(read.FileSymbol, out var list)) problems[read.FileSymbol] = list = [];
                list.Add(read.Problem);
            }

            foreach (var buffer in read.Symbols)
            {
                if (buffers.TryGetValue(buffer.Symbol, out var existing)) existing.Append(buffer);
                else buffers.Add(buffer.Symbol, buffer);
            }
        }

        // Select the symbols of the run: tickers order (missing ones skipped), or sorted order; then the limit.
        var skipped = new Dictionary<string, SkippedSymbol>(StringComparer.OrdinalIgnoreCase);
        var known = buffers.Keys.Concat(problems.Keys).Distinct(StringComparer.OrdinalIgnoreCase);
        List<string> selected;
        if (tickers != null)
        {
            var canonical = known.ToDictionary(s => s, s => s, StringComparer.OrdinalIgnoreCase);
            selected = [];
            foreach (var t in tickers)
            {
                // A ticker whose file the limit left unread has data: it is cut by the limit, not missing.
                if (canonical.TryGetValue(t, out var symbol)) selected.Add(symbol);
                else if (singleFile || !sourceSymbols.Contains(t)) skipped[t] = new SkippedSymbol(t, NoDataReason(t, path, singleFile));
            }
        }
        else
        {
            selected = known.Order(SymbolOrder.Instance).ToList();
        }

        if (limit is int n && selected.Count > n) selected = selected.Take(n).ToList();

        // Row-level failure (--on-invalid fail): the first invalid row of the run, in output order.
        if (request.OnInvalid == InvalidRowPolicy.Fail)
        {
            foreach (var symbol in selected)
            {
                if (buffers.TryGetValue(symbol, out var b) && b.Issues.Count > 0)
                {
                    var first = b.Issues[0];
                    throw new DataLoadException($"{first.File}:{first.Line}: invalid row for {symbol}: {first.Message} (--on-invalid fail)");
                }
            }
        }

        // Clean each selected series (in parallel; each slot is independent).
        var clean = new CleanSeries?[selected.Count];
        Parallel.For(0, selected.Count,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = maxDegreeOfParallelism },
            i => clean[i] = buffers.TryGetValue(selected[i], out var b) && b.Count > 0 ? SeriesCleaner.Clean(b) : null);

        var resolved = window ?? TimeWindow.Resolve(request, clean);

        var series = new List<BarSeries>();
        var stats = new List<SymbolLoadStats>();
        var issues = new List<LoadIssue>();
        for (int i = 0; i < selected.Count; i++)
        {
            string symbol = selected[i];
            buffers.TryGetValue(symbol, out var raw);
            if (problems.TryGetValue(symbol, out var fileProblems)) issues.AddRange(fileProblems);
            if (raw != null) issues.AddRange(raw.Issues);

            if (raw == null)
            {
                string why = string.Join("; ", fileProblems!.Select(p => p.Message));
                skipped[symbol] = new SkippedSymbol(symbol, $"unreadable file: {why}");
                stats.Add(new SymbolLoadStats(symbol, string.Join("; ", fileProblems!.Select(p => p.File)), 0, 0, 0, 0, 0));
                continue;
            }

            var c = clean[i];
            int duplicates = c?.Duplicates ?? 0;
            var (from, count) = c == null ? (0, 0) : resolved.Range(c.Times);
            int outside = (c?.Count ?? 0) - count;
            stats.Add(new SymbolLoadStats(symbol, raw.File, raw.RowsRead, raw.InvalidRows, duplicates, outside, count));

            if (c == null)
                skipped[symbol] = new SkippedSymbol(symbol, raw.RowsRead == 0 ? "no data rows" : $"no valid bars ({raw.InvalidRows} invalid row{(raw.InvalidRows == 1 ? "" : "s")})");
            else if (count == 0)
                skipped[symbol] = new SkippedSymbol(symbol, NoBarsInWindow(resolved, c.Count, c.Times[0], c.Times[^1]));
            else
                series.Add(Slice(symbol, c, from, count));
        }

        // Skipped symbols in output order: tickers order when given, else symbol order.
        var skippedList = tickers != null
            ? tickers.Where(skipped.ContainsKey).Select(t => skipped[t]).ToList()
            : selected.Where(skipped.ContainsKey).Select(s => skipped[s]).ToList();

        if (series.Count == 0 && batchUnits == null) throw new DataLoadException(NothingUsable(path, sources.Count, skippedList, skippedFiles));

        return new LoadResult
        {
            Series = series,
            Issues = issues,
            Stats = stats,
            Skipped = skippedList,
            SkippedFiles = batchUnits == null || firstBatch ? skippedFiles ?? [] : [],
            Source = path,
            WindowStart = resolved.StartMs == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(resolved.StartMs),
            WindowEnd = resolved.EndMs == long.MaxValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(resolved.EndMs),
        };
    }

    /// <summary>
    /// In a directory, drop files whose name-symbol is not wanted before reading them (a per-symbol file is
    /// identified by its name here; its symbol column, if any, still decides after reading).
    /// </summary>
    internal static List<DataSource> PreSelect(List<DataSource> sources, List<string>? tickers, int? limit, bool singleFile)
    {
        if (singleFile) return sources;
        if (tickers != null)
        {
            var wanted = new HashSet<string>(tickers, StringComparer.OrdinalIgnoreCase);
            sources = sources.Where(s => wanted.Contains(s.Symbol)).ToList();
            if (limit is int n)
            {
                var keep = tickers.Where(t => sources.Any(s => string.Equals(s.Symbol, t, StringComparison.OrdinalIgnoreCase)))
                    .Take(n).ToHashSet(StringComparer.OrdinalIgnoreCase);
                sources = sources.Where(s => keep.Contains(s.Symbol)).ToList();
            }
        }
        else if (limit is int n)
        {
            var keep = sources.Select(s => s.Symbol).Distinct(StringComparer.OrdinalIgnoreCase)
                .Order(SymbolOrder.Instance).Take(n).ToHashSet(StringComparer.OrdinalIgnoreCase);
            sources = sources.Where(s => keep.Contains(s.Symbol)).ToList();
        }

        return sources;
    }

    private static BarSeries Slice(string symbol, CleanSeries c, int from, int count)
    {
        if (from == 0 && count == c.Count) return new BarSeries(symbol, c.Times, c.Open, c.High, c.Low, c.Close, c.Volume);
        return new BarSeries(symbol,
            c.Times.AsSpan(from, count).ToArray(), c.Open.AsSpan(from, count).ToArray(), c.High.AsSpan(from, count).ToArray(),
            c.Low.AsSpan(from, count).ToArray(), c.Close.AsSpan(from, count).ToArray(), c.Volume.AsSpan(from, count).ToArray());
    }

    /// <summary>The skip reason of a symbol whose clean bars all fall outside the window.</summary>
    internal static string NoBarsInWindow(TimeWindow window, int bars, long first, long last) =>
        $"no bars in the window ({window.Describe()}; its {bars} bars span {UnixTime.ToIso(first)} .. {UnixTime.ToIso(last)})";

    internal static string NoDataReason(string ticker, string path, bool singleFile) => singleFile
        ? $"no data found (no rows for {ticker} in '{path}')"
        : $"no data found (looked for {ticker}.csv/.txt/.tsv, {ticker}_data.csv/.txt/.tsv and a LEAN folder '{ticker.ToLowerInvariant()}' in '{path}')";

    internal static string NothingUsable(string path, int sourceCount, List<SkippedSymbol> skipped, IReadOnlyList<LoadIssue>? skippedFiles = null)
    {
        string files = skippedFiles is { Count: > 0 } ? $"; {skippedFiles.Count} file(s) skipped — {string.Join("; ", skippedFiles.Take(MaxReasonsInError))}" : "";
        if (skipped.Count == 0)
            return $"no usable bars in '{path}': no symbol was selected from its {sourceCount} source(s){files}.";
        var reasons = skipped.Take(MaxReasonsInError).Select(s => $"{s.Symbol}: {s.Reason}");
        string more = skipped.Count > MaxReasonsInError ? $"; and {skipped.Count - MaxReasonsInError} more" : "";
        return $"no usable bars in '{path}': {skipped.Count} symbol(s) skipped — {string.Join("; ", reasons)}{more}{files}.";
    }
}

/// <summary>
/// The sources of a load after discovery and pre-selection, with what selects among their symbols; <paramref name="Only"/>
/// non-null keeps only those symbols' rows (a batch of a run whose files may hold several symbols).
/// </summary>
/// <param name="SkippedFiles">What the directory held but could not be looked at (see <see cref="DataSourceDiscovery"/>).</param>
internal sealed record SourceSelection(
    string Path, List<DataSource> Sources, HashSet<string> SourceSymbols, bool SingleFile, List<string>? Tickers, int? Limit,
    IReadOnlySet<string>? Only = null, IReadOnlyList<LoadIssue>? SkippedFiles = null);

/// <summary>Symbol order of the output: case-insensitive ordinal, ties broken by ordinal.</summary>
internal sealed class SymbolOrder : IComparer<string>
{
    public static readonly SymbolOrder Instance = new();

    public int Compare(string? x, string? y)
    {
        int c = StringComparer.OrdinalIgnoreCase.Compare(x, y);
        return c != 0 ? c : StringComparer.Ordinal.Compare(x, y);
    }
}
