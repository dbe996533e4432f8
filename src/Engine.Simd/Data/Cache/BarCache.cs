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
    public bool VerifyBlocks { get; init; } = true;

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
        if (length < header.FileLength)
            throw new DataLoadException(rebuild($"is truncated: {length:N0} of its {header.FileLength:N0} bytes"));
        if (length > header.FileLength)
            throw new DataLoadException(rebuild($"has {length:N0} bytes where its header says {header.FileLength:N0}"));
        if (header.MetaOffset < BarCacheFormat.PageSize || header.MetaOffset + header.MetaLength != header.FileLength || header.MetaLength > int.MaxValue)
            throw new DataLoadException(rebuild("is damaged: its metadata lies outside the file"));

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
            throw new DataLoadException(rebuild($"is damaged: unreadable metadata ({e.Message})"));
        }

        if (meta == null || meta.Symbols == null || meta.Blocks == null || meta.Source == null)
            throw new DataLoadException(rebuild("is damaged: incomplete metadata"));
        if (meta.LoaderRules != BarCacheFormat.LoaderRules)
            throw new DataLoadException(rebuild($"was imported under loader rules {meta.LoaderRules}; this bt reads bars under rules {BarCacheFormat.LoaderRules}"));
        if (meta.Blocks.Count != header.BlockCount)
            throw new DataLoadException(rebuild("is damaged: its block count does not match its header"));
        foreach (var b in meta.Blocks)
        {
            if (b.Offset < BarCacheFormat.PageSize || b.Stride < b.Lanes || b.Rows < 1 || b.FieldBytes < (long)b.Rows * b.Stride * 8
                || b.Offset + (BarCacheFormat.Fields * b.FieldBytes) > header.MetaOffset)
                throw new DataLoadException(rebuild("is damaged: a block lies outside the file"));
        }

        foreach (var s in meta.Symbols)
        {
            if (s.Bars > 0 && ((uint)s.Block >= (uint)meta.Blocks.Count || (uint)s.Lane >= (uint)meta.Blocks[s.Block].Lanes || s.Bars >= meta.Blocks[s.Block].Rows))
                throw new DataLoadException(rebuild($"is damaged: symbol {s.Symbol} points outside its block"));
        }

        return meta;
    }

    /// <summary>Pointer to element [0, 0] of a block's field.</summary>
    internal long* Field(BarCacheBlock block, int field) => (long*)(_base + block.Offset + (field * block.FieldBytes));

    /// <summary>Time of bar <paramref name="k"/> of a symbol that has bars.</summary>
    internal long TimeAt(BarCacheSymbol s, int k)
    {
        var b = Meta.Blocks[s.Block];
        return Field(b, 0)[((long)k * b.Stride) + s.Lane];
    }

    /// <summary>Checks a block's hash once (thread-safe); throws when the bytes are not those written.</summary>
    internal void Verify(int block)
    {
        if (!VerifyBlocks || Volatile.Read(ref _verified[block]) == 1) return;
        var b = Meta.Blocks[block];
        long bytes = BarCacheFormat.Fields * b.FieldBytes;
        var hash = new XxHash3();
        for (long at = 0; at < bytes; at += 1 << 30)
            hash.Append(new ReadOnlySpan<byte>(_base + b.Offset + at, (int)Math.Min(1 << 30, bytes - at)));
        if (hash.GetCurrentHashAsUInt64() != b.Hash)
            throw new DataLoadException($"cache '{Path}' is damaged: block {block} does not match its checksum; rebuild it with `bt data import SOURCE --out {Path}`.");
        Volatile.Write(ref _verified[block], 1);
    }

    /// <summary>One lane's bars [From, From + Count) to copy into a series' arrays.</summary>
    internal readonly record struct LaneCopy(BarCacheSymbol Symbol, int From, int Count, long[] Times, double[] Open, double[] High, double[] Low, double[] Close, double[] Volume);

    /// <summary>
    /// Copies lanes out of their blocks. Lanes are grouped by block and by 64-lane tile (512 bytes of a row), and
    /// each tile is walked row by row, so each row's bytes are read once for all the lanes of the tile.
    /// </summary>
    internal void Copy(IReadOnlyList<LaneCopy> copies, CancellationToken cancellationToken)
    {
        var tiles = copies.GroupBy(c => (c.Symbol.Block, Tile: c.Symbol.Lane >> 6)).Select(g => g.OrderBy(c => c.Symbol.Lane).ToArray()).ToArray();
        foreach (int block in copies.Select(c => c.Symbol.Block).Distinct()) Verify(block);
        Parallel.ForEach(tiles, new ParallelOptions { CancellationToken = cancellationToken }, tile =>
        {
            var b = Meta.Blocks[tile[0].Symbol.Block];
            int first = int.MaxValue, last = 0;
            foreach (var c in tile)
            {
                first = Math.Min(first, c.From);
                last = Math.Max(last, c.From + c.Count);
            }

            for (int f = 0; f < BarCacheFormat.Fields; f++)
            {
                long* field = Field(b, f);
                CopyField(field, b.Stride, tile, f, first, last);
            }
        });
    }

    private static void CopyField(long* field, int stride, LaneCopy[] tile, int f, int first, int last)
    {
        // Destinations as raw pointers: the arrays are pinned for the copy.
        int n = tile.Length;
        var handles = new System.Runtime.InteropServices.GCHandle[n];
        var dst = stackalloc long*[n];
        var lane = stackalloc int[n];
        var from = stackalloc int[n];
        var to = stackalloc int[n];
        try
        {
            for (int i = 0; i < n; i++)
            {
                var c = tile[i];
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
                dst[i] = (long*)handles[i].AddrOfPinnedObject() - c.From;
                lane[i] = c.Symbol.Lane;
                from[i] = c.From;
                to[i] = c.From + c.Count;
            }

            for (int k = first; k < last; k++)
            {
                long* row = field + ((long)k * stride);
                for (int i = 0; i < n; i++)
                {
                    if (k >= from[i] && k < to[i]) dst[i][k] = row[lane[i]];
                }
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

    public void Dispose()
    {
        _handle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
    }
}
