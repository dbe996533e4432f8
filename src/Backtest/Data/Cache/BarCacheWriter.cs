using System.Diagnostics;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using Backtest.Data.Sources;
using Backtest.Runs;

namespace Backtest.Data.Cache;

/// <summary>What an import wrote.</summary>
public sealed record BarCacheImport(string Path, int Symbols, int SymbolsWithBars, long Bars, long Bytes, int Blocks, double Seconds, int Issues, int Skipped);

/// <summary>
/// <c>bt data import</c>: reads a source batch by batch (the batches sized from a memory budget like a run's) and
/// writes each batch as one block of the cache (<see cref="BarCacheFormat"/>), then the metadata, then the header;
/// the file is written beside the target and renamed over it only when complete, so a cache on disk is always
/// whole. The source's fingerprint is taken before its bars are read.
/// </summary>
public static class BarCacheWriter
{
    private const int ChunkBytes = 4 << 20;

    public static BarCacheImport Import(IFingerprintedSource source, LoadRequest request, string outPath, long memoryBudget, int? batchSize,
        IProgress<RunProgress>? progress = null, CancellationToken cancellationToken = default, bool enforceMemoryBudget = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(outPath);
        if (request.Days != null) throw new ArgumentException("An import takes --start/--end, not --days.", nameof(request));

        var clock = Stopwatch.StartNew();
        request = request.WithBudget(memoryBudget);   // also bounds what one file may hold while it is read
        var plan = source.Plan(request, cancellationToken);
        var fingerprint = source.Fingerprint(plan, cancellationToken);
        plan.Window ??= TimeWindow.Bounds(request);
        // An asked-for budget is held or refused, as a run's (the batch being written stands for the one computing).
        var batches = BatchPlanner.For(plan, source, memoryBudget, batchSize, enforceMemoryBudget);

        string full = System.IO.Path.GetFullPath(outPath);
        string dir = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string temp = System.IO.Path.Combine(dir, $".{System.IO.Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var symbols = new List<BarCacheSymbol>();
        var blocks = new List<BarCacheBlock>();
        var issues = new List<BarCacheIssue>();
        int skipped = 0, done = 0, withBars = 0;
        long bars = 0;
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                file.Write(new byte[BarCacheFormat.PageSize]);   // the header, written last
                Task<LoadResult>? next = null;
                for (int b = 0; b < batches.Count; b++)
                {
                    // Load the next batch while this one is written (two batches at most, as in a run).
                    var load = next?.GetAwaiter().GetResult() ?? source.LoadBatch(plan, batches[b].From, batches[b].Count, plan.Window, cancellationToken);
                    var following = b + 1 < batches.Count ? batches[b + 1] : (Batch?)null;
                    next = following is { } fb
                        ? Task.Run(() => source.LoadBatch(plan, fb.From, fb.Count, plan.Window, cancellationToken), cancellationToken)
                        : null;

                    var lanes = WriteBlocks(file, load, blocks, cancellationToken);
                    AddSymbols(load, lanes, symbols, issues, ref skipped, ref withBars);
                    bars += load.Series.Sum(s => (long)s.Count);
                    done++;
                    load = null!;
                    if (batches.Count > 1 || enforceMemoryBudget)
                    {
                        // As in a run: give the written batch's arrays back before the one after next grows.
                        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    }
                    progress?.Report(new RunProgress
                    {
                        Phase = "importing",
                        SymbolsDone = batches[b].From + batches[b].Count,
                        SymbolsTotal = plan.Symbols.Count,
                        BarsDone = bars,
                        BarsTotal = bars + batches.Skip(done).Sum(x => x.EstimatedBars),
                        BatchesDone = done,
                        Batches = batches.Count,
                        Elapsed = clock.Elapsed,
                    });
                }

                if (withBars == 0)
                {
                    var reasons = symbols.Where(s => s.Skipped != null).Select(s => new SkippedSymbol(s.Symbol, s.Skipped!)).ToList();
                    throw new DataLoadException(BarLoader.NothingUsable(source.Description, plan.Symbols.Count, reasons));
                }

                var meta = new BarCacheMeta
                {
                    CreatedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
                    Source = new BarCacheSource
                    {
                        Kind = source.Kind,
                        Location = source.Location,
                        Tickers = request.Tickers?.ToList(),
                        Limit = request.Limit,
                        StartMs = plan.Window.Value.StartMs == long.MinValue ? null : plan.Window.Value.StartMs,
                        EndMs = plan.Window.Value.EndMs == long.MaxValue ? null : plan.Window.Value.EndMs,
                        OnInvalid = request.OnInvalid == InvalidRowPolicy.Fail ? "fail" : "skip",
                        Fingerprint = fingerprint,
                    },
                    Symbols = symbols,
                    Blocks = blocks,
                    Issues = issues,
                };
                byte[] json = JsonSerializer.SerializeToUtf8Bytes(meta, BarCacheFormat.Json);
                long metaOffset = file.Position;
                file.Write(json);
                var header = new BarCacheFormat.Header(BarCacheFormat.Version, BarCacheFormat.PageSize, file.Position, metaOffset, json.Length,
                    XxHash64.HashToUInt64(json), blocks.Count);
                var page = new byte[BarCacheFormat.PageSize];
                header.Write(page);
                file.Position = 0;
                file.Write(page);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
            return new BarCacheImport(full, symbols.Count, withBars, bars, new FileInfo(full).Length, blocks.Count, clock.Elapsed.TotalSeconds, issues.Count, skipped);
        }
        catch
        {
            try { File.Delete(temp); }
            catch (IOException) { }
            throw;
        }
    }

    /// <summary>The batch's symbols in output order with their account; those with bars point at their lane.</summary>
    private static void AddSymbols(LoadResult load, Dictionary<string, (int Block, int Lane)> lanes, List<BarCacheSymbol> symbols,
        List<BarCacheIssue> issues, ref int skipped, ref int withBars)
    {
        var reasons = load.Skipped.ToDictionary(s => s.Symbol, s => s.Reason, StringComparer.OrdinalIgnoreCase);
        var bars = load.Series.ToDictionary(s => s.Symbol, s => s.Count, StringComparer.OrdinalIgnoreCase);
        var issuesBySymbol = load.Issues.GroupBy(i => i.Symbol ?? "", StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.OrdinalIgnoreCase);
        foreach (var st in load.Stats)
        {
            int first = issues.Count;
            if (issuesBySymbol.TryGetValue(st.Symbol, out var list))
                issues.AddRange(list.Select(i => new BarCacheIssue(i.File, i.Line, i.Symbol, i.Message)));
            bool has = bars.TryGetValue(st.Symbol, out int n) && lanes.ContainsKey(st.Symbol);
            if (has) withBars++;
            else skipped++;
            symbols.Add(new BarCacheSymbol
            {
                Symbol = st.Symbol,
                File = st.File,
                RowsRead = st.RowsRead,
                InvalidRows = st.InvalidRows,
                Duplicates = st.Duplicates,
                Bars = has ? n : 0,
                Block = has ? lanes[st.Symbol].Block : -1,
                Lane = has ? lanes[st.Symbol].Lane : -1,
                Skipped = has ? null : reasons.GetValueOrDefault(st.Symbol, "no bars"),
                FirstIssue = first,
                IssueCount = issues.Count - first,
            });
        }

        // Missing tickers are not part of the cache: a run asking for them reports them itself.
    }

    /// <summary>Bytes a block aims at: a small share of any sensible budget, since a run maps a whole block to read any lane of it.</summary>
    public const long BlockBytesTarget = 256L << 20;

    /// <summary>
    /// The batch's series as blocks: lanes longest first (stable, as <see cref="Panel.BarPanel{T}.FromSeries"/> orders
    /// them), cut so that each block stays near <see cref="BlockBytesTarget"/> (at least one cache line of lanes).
    /// </summary>
    private static Dictionary<string, (int Block, int Lane)> WriteBlocks(FileStream file, LoadResult load, List<BarCacheBlock> blocks, CancellationToken ct)
    {
        var where = new Dictionary<string, (int, int)>(StringComparer.OrdinalIgnoreCase);
        var series = load.Series.Where(s => s.Count > 0).OrderByDescending(s => s.Count).ToList();
        for (int at = 0; at < series.Count;)
        {
            long rowBytes = (long)(series[at].Count + 1) * BarCacheFormat.Fields * 8;
            int lanes = (int)Math.Clamp(BlockBytesTarget / rowBytes / BarCacheFormat.LanesPerLine * BarCacheFormat.LanesPerLine, BarCacheFormat.LanesPerLine, BarCacheFormat.MaxLanes);
            var part = series.GetRange(at, Math.Min(lanes, series.Count - at));
            blocks.Add(WriteBlock(file, part, ct));
            for (int i = 0; i < part.Count; i++) where[part[i].Symbol] = (blocks.Count - 1, i);
            at += part.Count;
        }

        return where;
    }

    /// <summary>One block of <paramref name="series"/> (longest first), written bar-major field by field.</summary>
    private static BarCacheBlock WriteBlock(FileStream file, List<BarSeries> series, CancellationToken cancellationToken)
    {
        int count = series.Count;
        int stride = BarCacheFormat.StrideFor(count);
        int rows = series[0].Count + 1;
        long fieldBytes = BarCacheFormat.FieldBytes(rows, stride);
        long offset = file.Position;
        if (offset % BarCacheFormat.PageSize != 0) throw new InvalidOperationException("Blocks start on a page.");

        var hashes = new ulong[BarCacheFormat.Fields];
        int rowsPerChunk = Math.Max(1, ChunkBytes / (stride * 8));
        var chunk = new long[(long)rowsPerChunk * stride];
        for (int f = 0; f < BarCacheFormat.Fields; f++)
        {
            var hash = new XxHash3();
            long written = 0;
            for (int k0 = 0; k0 < rows; k0 += rowsPerChunk)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int k1 = Math.Min(rows, k0 + rowsPerChunk);
                FillRows(chunk, series, f, k0, k1, stride);
                var bytes = MemoryMarshal.AsBytes(chunk.AsSpan(0, (k1 - k0) * stride));
                file.Write(bytes);
                hash.Append(bytes);
                written += bytes.Length;
            }

            // Pad the field to a page.
            int pad = (int)(fieldBytes - written);
            if (pad > 0)
            {
                var zeros = new byte[pad];
                file.Write(zeros);
                hash.Append(zeros);
            }

            hashes[f] = hash.GetCurrentHashAsUInt64();
        }

        return new BarCacheBlock
        {
            Offset = offset,
            Lanes = count,
            Stride = stride,
            Rows = rows,
            FieldBytes = fieldBytes,
            Hashes = hashes,
        };
    }

    /// <summary>Rows [k0, k1) of field <paramref name="f"/>, padded as the panel is (see <see cref="BarCacheFormat"/>).</summary>
    private static void FillRows(long[] chunk, List<BarSeries> series, int f, int k0, int k1, int stride)
    {
        int count = series.Count;
        long one = BitConverter.DoubleToInt64Bits(1.0);
        // Lane-major over the chunk: each series array is read sequentially.
        for (int s = 0; s < count; s++)
        {
            var bars = series[s];
            int n = bars.Count;
            long pad = f switch
            {
                0 => bars.Times[n - 1],
                5 => 0,
                _ => BitConverter.DoubleToInt64Bits(bars.Close[n - 1]),
            };
            ReadOnlySpan<long> values = f switch
            {
                0 => bars.Times,
                1 => MemoryMarshal.Cast<double, long>(bars.Open),
                2 => MemoryMarshal.Cast<double, long>(bars.High),
                3 => MemoryMarshal.Cast<double, long>(bars.Low),
                4 => MemoryMarshal.Cast<double, long>(bars.Close),
                _ => MemoryMarshal.Cast<double, long>(bars.Volume),
            };
            for (int k = k0; k < k1; k++)
                chunk[((long)(k - k0) * stride) + s] = k < n ? values[k] : pad;
        }

        long laneFill = f is 0 or 5 ? 0 : one;
        for (int k = k0; k < k1; k++)
            chunk.AsSpan((int)((long)(k - k0) * stride) + count, stride - count).Fill(laneFill);
    }
}
