using System.IO.Hashing;
using System.IO.MemoryMappedFiles;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace Backtest.Data.Cache;

/// <summary>
/// An open bar cache: the file mapped read-only into memory, its metadata checked and read. Bars are read by
/// copying lanes of the mapped blocks into series, eight lanes (a cache line) of a row at a time; nothing is parsed.
/// Any problem with the file (not a cache, another version, cut short, damaged) is a <see cref="DataLoadException"/>
/// that names the file and says to rebuild it.
/// </summary>
public sealed unsafe class BarCache : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly SafeMemoryMappedViewHandle _handle;
    private readonly byte* _base;
    private readonly long _length;
    private readonly int[] _verified;   // 0 not yet, 1 good
    private readonly Dictionary<string, int> _bySymbol;

    private BarCache(string path, MemoryMappedFile map, MemoryMappedViewAccessor view, long length, BarCacheMeta meta)
    {
        Path = path;
        _map = map;
        _view = view;
        _handle = view.SafeMemoryMappedViewHandle;
        byte* p = null;
        _handle.AcquirePointer(ref p);
        _base = p + view.PointerOffset;
        _length = length;
        Meta = meta;
        _verified = new int[meta.Blocks.Count];
        _bySymbol = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < meta.Symbols.Count; i++) _bySymbol.TryAdd(meta.Symbols[i].Symbol, i);
    }

    public string Path { get; }

    public BarCacheMeta Meta { get; }

    /// <summary>When false, blocks are used without checking their hash (faster; a damaged block then goes unnoticed).</summary>
    public bool VerifyBlocks { get; init; } = Environment.GetEnvironmentVariable("BT_CACHE_VERIFY") != "0";

    public BarCacheSymbol? Find(string symbol) => _bySymbol.TryGetValue(symbol, out int i) ? Meta.Symbols[i] : null;

    public static BarCache Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string Rebuild(string problem) => $"cache '{path}' {problem}; rebuild it with `bt data import SOURCE --out {path}`.";
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataLoadException($"cannot read cache '{path}': {e.Message}");
        }

        if (!BarCacheFormat.IsCache(path)) throw new DataLoadException($"'{path}' is not a bt bar cache (it does not start with the BTCACHE header).");
        if (length < BarCacheFormat.PageSize)
            throw new DataLoadException(Rebuild($"is truncated: {length:N0} bytes, less than its {BarCacheFormat.PageSize:N0}-byte header"));

        MemoryMappedFile map;
        MemoryMappedViewAccessor view;
        try
        {
            map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataLoadException($"cannot map cache '{path}': {e.Message}");
        }

        try
        {
            var meta = ReadMeta(view, length, Rebuild);
            return new BarCache(path, map, view, length, meta);
        }
        catch
        {
            view.Dispose();
            map.Dispose();
            throw;
        }
    }

    private static BarCacheMeta ReadMeta(MemoryMappedViewAccessor view, long length, Func<string, string> rebuild)
    {
        var headerBytes = new byte[BarCacheFormat.HeaderBytes];
        view.ReadArray(0, headerBytes, 0, headerBytes.Length);
        var header = BarCacheFormat.Header.Read(headerBytes, out string? problem)
            ?? throw new DataLoadException(rebuild($"cannot be read: {problem}"));
        if (BarCacheValidation.HeaderProblem(header, length) is { } headerProblem) throw new DataLoadException(rebuild(headerProblem));

        var json = new byte[header.MetaLength];
        view.ReadArray(header.MetaOffset, json, 0, json.Length);
        if (XxHash64.HashToUInt64(json) != header.MetaHash)
            throw new DataLoadException(rebuild("is damaged: its metadata checksum does not match"));
        BarCacheMeta? meta;
        try
        {
            meta = JsonSerializer.Deserialize<BarCacheMeta>(json, BarCacheFormat.Json);
        }
        catch (JsonException e)
        {
            // The path and position, not e.Message: that names .NET types, which say nothing to the user.
            string at = e.Path is { Length: > 0 } path ? $" at {path}" : "";
            throw new DataLoadException(rebuild($"is damaged: unreadable metadata{at} (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})"));
        }

        if (meta is null) throw new DataLoadException(rebuild("is damaged: its metadata is null"));
        if (meta.LoaderRules != BarCacheFormat.LoaderRules)
            throw new DataLoadException(rebuild($"was imported under loader rules {meta.LoaderRules}; this bt reads bars under rules {BarCacheFormat.LoaderRules}"));
        if (BarCacheValidation.MetaProblem(meta, header) is { } metaProblem) throw new DataLoadException(rebuild(metaProblem));

        return meta;
    }

    /// <summary>Pointer to element [0, 0] of a block's field.</summary>
    internal long* Field(BarCacheBlock block, int field) => (long*)(_base + block.Offset + (field * block.FieldBytes));

    /// <summary>Time of bar <paramref name="k"/> of a symbol that has bars; its block is checked first, as before any use of its bars.</summary>
    internal long TimeAt(BarCacheSymbol s, int k)
    {
        Verify(s.Block);
        var b = Meta.Blocks[s.Block];
        return Field(b, 0)[((long)k * b.Stride) + s.Lane];
    }

    /// <summary>
    /// Bytes of one field read (hashed or copied) before its pages are given back: the mapped pages resident at once
    /// are at most six such pieces, whatever the size of a block (a block is up to <see cref="BarCacheWriter.BlockBytesTarget"/>).
    /// </summary>
    public const long DefaultPieceBytes = 4L << 20;

    /// <summary>The pieces' size (tests make it small so that a small block is read in many pieces).</summary>
    internal long PieceBytes { get; set; } = DefaultPieceBytes;

    /// <summary>The most bytes of the mapped file resident at once while a batch is read (<see cref="Sources.IBarSource.FixedLoadBytes"/>).</summary>
    public const long MappedBytes = BarCacheFormat.Fields * (DefaultPieceBytes + BarCacheFormat.PageSize);

    /// <summary>
    /// Checks a block once before its first use (thread-safe): its hash, then its bars as a loader checks a row (times
    /// after each other and dates, prices by <see cref="BarValidator"/>), since a checksum only proves that the bytes
    /// are those someone wrote. Both in one pass of pieces of rows, each piece's pages given back once checked.
    /// Throws when the block is damaged.
    /// </summary>
    internal void Verify(int block)
    {
        if (!VerifyBlocks || Volatile.Read(ref _verified[block]) == 1) return;
        var b = Meta.Blocks[block];
        var lanes = Meta.Symbols.Where(s => s.Bars > 0 && s.Block == block).ToArray();
        var hashes = new XxHash3[BarCacheFormat.Fields];
        for (int f = 0; f < hashes.Length; f++) hashes[f] = new XxHash3();
        int rowsPerPiece = (int)Math.Max(1, PieceBytes / ((long)b.Stride * 8));
        string? problem = null;
        for (long k0 = 0; k0 < b.Rows && problem is null; k0 += rowsPerPiece)
        {
            long k1 = Math.Min(b.Rows, k0 + rowsPerPiece), from = k0;
            long bytes = (k1 - k0) * b.Stride * 8;
            // The last piece of a field runs on to its page padding, which the hash covers too.
            if (k1 == b.Rows) bytes = b.FieldBytes - (k0 * b.Stride * 8);
            Parallel.For(0, BarCacheFormat.Fields, f => hashes[f].Append(new ReadOnlySpan<byte>((byte*)(Field(b, f) + (from * b.Stride)), (int)bytes)));
            problem = BarsProblem(b, lanes, (int)k0, (int)k1);
            for (int f = 0; f < BarCacheFormat.Fields; f++) ReleaseRange((byte*)(Field(b, f) + (from * b.Stride)), bytes);
        }

        string Damaged(string what) => $"cache '{Path}' is damaged: {what}; rebuild it with `bt data import SOURCE --out {Path}`.";
        // A bad bar stops the pass (the hashes are then incomplete): either way the block is damaged.
        if (problem is not null) throw new DataLoadException(Damaged(problem));
        for (int f = 0; f < BarCacheFormat.Fields; f++)
        {
            if (hashes[f].GetCurrentHashAsUInt64() != b.Hashes[f]) throw new DataLoadException(Damaged($"block {block} does not match its checksum"));
        }
        Volatile.Write(ref _verified[block], 1);
    }

    /// <summary>The first bar of rows [k0, k1) of the block's lanes that no loader would have kept, in words; or null.</summary>
    private string? BarsProblem(BarCacheBlock b, BarCacheSymbol[] lanes, int k0, int k1)
    {
        long* time = Field(b, 0);
        double* open = (double*)Field(b, 1), high = (double*)Field(b, 2), low = (double*)Field(b, 3), close = (double*)Field(b, 4), volume = (double*)Field(b, 5);
        foreach (var s in lanes)
        {
            for (long k = k0; k < Math.Min(k1, s.Bars); k++)
            {
                long at = (k * b.Stride) + s.Lane;
                long t = time[at];
                if (!UnixTime.IsRepresentable(t)) return $"{s.Symbol}'s bar {k} has the time {t} ms, which is not a date";
                if (k > 0 && t <= time[at - b.Stride]) return $"{s.Symbol}'s bar {k} is not after the bar before it";
                if (BarValidator.Check(open[at], high[at], low[at], close[at], volume[at]) is { } why) return $"{s.Symbol}'s bar {k}: {why}";
            }
        }
        return null;
    }

    /// <summary>XxHash3 of a field's bytes (the writer's and the tests' form, on memory that is not the mapping).</summary>
    internal static ulong HashField(byte* start, long bytes)
    {
        var hash = new XxHash3();
        for (long at = 0; at < bytes; at += 1 << 30)
            hash.Append(new ReadOnlySpan<byte>(start + at, (int)Math.Min(1 << 30, bytes - at)));
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>One lane's bars [From, From + Count) to copy into a series' arrays.</summary>
    internal readonly record struct LaneCopy(BarCacheSymbol Symbol, int From, int Count, long[] Times, double[] Open, double[] High, double[] Low, double[] Close, double[] Volume);

    /// <summary>
    /// Copies lanes out of their blocks. Lanes are grouped by block and by cache line (8 lanes of a row), and each
    /// group is walked row by row: every line of the mapped file is read once, and each destination is written
    /// sequentially (8 write streams and one read stream per group, which the core's fill buffers keep up with).
    /// A block is read in pieces of rows (<see cref="PieceBytes"/> of each field), each piece's pages given back once
    /// every group has copied it, so that the mapped pages resident at once stay a few MiB whatever the block's size:
    /// the memory budget counts them as <see cref="MappedBytes"/>. Groups and fields of a piece run in parallel;
    /// each block's hash is checked first.
    /// </summary>
    internal void Copy(IReadOnlyList<LaneCopy> copies, CancellationToken cancellationToken)
    {
        var groups = copies.GroupBy(c => (c.Symbol.Block, Line: c.Symbol.Lane / BarCacheFormat.LanesPerLine))
            .Select(g => g.OrderBy(c => c.Symbol.Lane).ToArray()).ToArray();
        foreach (var byBlock in groups.GroupBy(g => g[0].Symbol.Block).OrderBy(g => g.Key))
        {
            int block = byBlock.Key;
            Verify(block);
            var blockGroups = byBlock.ToArray();
            var b = Meta.Blocks[block];
            int last = blockGroups.Max(g => g.Max(c => c.From + c.Count));
            int rowsPerPiece = (int)Math.Max(1, PieceBytes / ((long)b.Stride * 8));
            for (int k0 = blockGroups.Min(g => g.Min(c => c.From)); k0 < last; k0 += rowsPerPiece)
            {
                int k1 = (int)Math.Min(last, (long)k0 + rowsPerPiece);
                int from = k0;
                // Fields are separate work items so that the six streams of one group are not all in flight at once.
                Parallel.For(0, blockGroups.Length * BarCacheFormat.Fields, new ParallelOptions { CancellationToken = cancellationToken }, item =>
                {
                    var group = blockGroups[item / BarCacheFormat.Fields];
                    CopyField(Field(b, item % BarCacheFormat.Fields), b.Stride, group, item % BarCacheFormat.Fields, from, k1);
                });
                for (int f = 0; f < BarCacheFormat.Fields; f++)
                    ReleaseRange((byte*)(Field(b, f) + ((long)k0 * b.Stride)), (long)(k1 - k0) * b.Stride * 8);
            }
        }
    }

    /// <summary>Rows [<paramref name="k0"/>, <paramref name="k1"/>) of each lane of the group that the lane copies, of one field.</summary>
    private static void CopyField(long* field, int stride, LaneCopy[] group, int f, int k0, int k1)
    {
        int n = group.Length;
        var handles = new System.Runtime.InteropServices.GCHandle[n];
        var dst = stackalloc long*[n];
        var src = stackalloc long*[n];
        int common0 = k0, common1 = k1;
        try
        {
            for (int i = 0; i < n; i++)
            {
                var c = group[i];
                object array = f switch
                {
                    0 => c.Times,
                    1 => c.Open,
                    2 => c.High,
                    3 => c.Low,
                    4 => c.Close,
                    _ => c.Volume,
                };
                handles[i] = System.Runtime.InteropServices.GCHandle.Alloc(array, System.Runtime.InteropServices.GCHandleType.Pinned);
                dst[i] = (long*)handles[i].AddrOfPinnedObject() - c.From;   // dst[i][k] for bar k
                src[i] = field + c.Symbol.Lane;
                common0 = Math.Max(common0, c.From);
                common1 = Math.Min(common1, c.From + c.Count);
            }

            // The rows every lane of the group needs: no test per element.
            long step = stride;
            if (common0 >= common1) common1 = common0;
            else if (n == BarCacheFormat.LanesPerLine && group[7].Symbol.Lane - group[0].Symbol.Lane == 7)
            {
                long* d0 = dst[0], d1 = dst[1], d2 = dst[2], d3 = dst[3], d4 = dst[4], d5 = dst[5], d6 = dst[6], d7 = dst[7];
                for (long k = common0; k < common1; k++)
                {
                    long* row = src[0] + (k * step);
                    d0[k] = row[0];
                    d1[k] = row[1];
                    d2[k] = row[2];
                    d3[k] = row[3];
                    d4[k] = row[4];
                    d5[k] = row[5];
                    d6[k] = row[6];
                    d7[k] = row[7];
                }
            }
            else
            {
                for (long k = common0; k < common1; k++)
                {
                    long off = k * step;
                    for (int i = 0; i < n; i++) dst[i][k] = src[i][off];
                }
            }

            // Each lane's own rows of the piece before and after the common range.
            for (int i = 0; i < n; i++)
            {
                var c = group[i];
                long lo = Math.Max(k0, c.From), hi = Math.Min(k1, c.From + c.Count);
                for (long k = lo; k < Math.Min(common0, hi); k++) dst[i][k] = src[i][k * step];
                for (long k = Math.Max(common1, lo); k < hi; k++) dst[i][k] = src[i][k * step];
            }
        }
        finally
        {
            foreach (var h in handles)
            {
                if (h.IsAllocated) h.Free();
            }
        }
    }

    /// <summary>
    /// Drops the process's mapping of these bytes' pages (the file stays in the page cache, and a later read maps
    /// them again): a run's resident memory then holds only the piece being read, not every block read so far.
    /// </summary>
    private void ReleaseRange(byte* start, long bytes)
    {
        if (!OperatingSystem.IsLinux() || !_canRelease) return;
        long page = Environment.SystemPageSize;
        long first = (long)(start - _base) / page * page;
        long end = (long)(start - _base) + bytes;
        try
        {
            _ = madvise((nint)(_base + first), (nuint)(end - first), MadviseDontNeed);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _canRelease = false;
        }
    }

    private bool _canRelease = true;

    private const int MadviseDontNeed = 4;

    [System.Runtime.InteropServices.DllImport("libc.so.6", EntryPoint = "madvise")]
    private static extern int madvise(nint address, nuint length, int advice);

    public void Dispose()
    {
        _handle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
