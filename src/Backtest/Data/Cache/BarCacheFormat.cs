using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Backtest.Data.Cache;

/// <summary>
/// The bar cache file (<c>bt data import</c>), version 1. Little-endian throughout.
/// <code>
/// offset 0     header, 64 bytes used of one 4 KiB page:
///              magic "BTCACHE\0" | u32 version | u32 page size (4096) | i64 file length | i64 metadata offset |
///              i64 metadata length | u64 XxHash64(metadata) | u32 block count | u32 0 | u64 XxHash64(header bytes 0..55)
/// offset 4096  blocks, one after the other; each is a bar panel of some symbols (lanes):
///              six fields, each rows × stride elements of 8 bytes, each starting on a 4 KiB boundary:
///              time (i64 Unix ms), open, high, low, close, volume (f64).
///              Bar-major: element [k, s] (bar k of lane s) at k·stride + s. stride = lanes rounded up to 8 (64 bytes),
///              rows = the longest lane's bars + 1. Lanes are the block's symbols, longest first (ties in symbol
///              order). Rows past a lane's last bar repeat its last close in the four prices and its last time, with
///              volume 0; lanes past the last symbol hold 1 in the prices and 0 in time and volume.
///              That is the layout of <see cref="Panel.BarPanel{T}"/> for T = double, so a block can be mapped as a
///              panel without a copy.
/// then         metadata: UTF-8 JSON (<see cref="BarCacheMeta"/>), written last, so a cut file lacks it.
/// </code>
/// Each block carries the XxHash3 of each of its six fields in the metadata. A reader checks the magic, version, lengths and
/// hashes of header and metadata on open, every field of both against the file (<see cref="BarCacheValidation"/>: a
/// checksum only proves the bytes are those someone wrote), and a block's hash before its first use.
/// </summary>
public static class BarCacheFormat
{
    public const int Version = 1;
    public const int PageSize = 4096;
    public const int HeaderBytes = 64;
    public const int Fields = 6;
    public const int LanesPerLine = 8;

    /// <summary>The most lanes (symbols) a block holds; the writer cuts blocks at it and the reader refuses more.</summary>
    public const int MaxLanes = 1 << 20;

    /// <summary>Changes when the rules that turn source rows into bars change (then every cache is stale).</summary>
    public const int LoaderRules = 1;

    public static ReadOnlySpan<byte> Magic => "BTCACHE\0"u8;

    public static readonly string[] FieldNames = ["time", "open", "high", "low", "close", "volume"];

    public static int StrideFor(int lanes) => (lanes + LanesPerLine - 1) / LanesPerLine * LanesPerLine;

    public static long FieldBytes(int rows, int stride) => AlignUp((long)rows * stride * 8);

    public static long AlignUp(long bytes) => (bytes + PageSize - 1) / PageSize * PageSize;

    /// <summary>True when the file starts with the cache magic (any version).</summary>
    public static bool IsCache(string path)
    {
        try
        {
            // Not a regular file (a FIFO would block this open): not a cache; the file loader says what it is.
            if (!File.Exists(path) || Files.DataFile.Unreadable(path) != null) return false;
            using var f = File.OpenRead(path);
            Span<byte> head = stackalloc byte[8];
            return f.ReadAtLeast(head, 8, throwOnEndOfStream: false) == 8 && head.SequenceEqual(Magic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
        // A null where the type has none (a damaged file) is a JsonException naming the path, not a null met later.
        RespectNullableAnnotations = true,
    };

    internal readonly record struct Header(int Version, int PageSize, long FileLength, long MetaOffset, long MetaLength, ulong MetaHash, int BlockCount, int Reserved = 0)
    {
        public void Write(Span<byte> page)
        {
            page.Clear();
            Magic.CopyTo(page);
            BinaryPrimitives.WriteInt32LittleEndian(page[8..], Version);
            BinaryPrimitives.WriteInt32LittleEndian(page[12..], PageSize);
            BinaryPrimitives.WriteInt64LittleEndian(page[16..], FileLength);
            BinaryPrimitives.WriteInt64LittleEndian(page[24..], MetaOffset);
            BinaryPrimitives.WriteInt64LittleEndian(page[32..], MetaLength);
            BinaryPrimitives.WriteUInt64LittleEndian(page[40..], MetaHash);
            BinaryPrimitives.WriteInt32LittleEndian(page[48..], BlockCount);
            BinaryPrimitives.WriteInt32LittleEndian(page[52..], Reserved);
            BinaryPrimitives.WriteUInt64LittleEndian(page[56..], XxHash64.HashToUInt64(page[..56]));
        }

        /// <summary>The header, or null with the reason the bytes are not a header this version reads.</summary>
        public static Header? Read(ReadOnlySpan<byte> bytes, out string? problem)
        {
            problem = null;
            if (bytes.Length < HeaderBytes || !bytes[..8].SequenceEqual(Magic))
            {
                problem = "not a bt bar cache (no BTCACHE header)";
                return null;
            }

            int version = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]);
            if (version != BarCacheFormat.Version)
            {
                problem = $"written by cache format version {version}; this bt reads version {BarCacheFormat.Version}";
                return null;
            }

            if (BinaryPrimitives.ReadUInt64LittleEndian(bytes[56..]) != XxHash64.HashToUInt64(bytes[..56]))
            {
                problem = "its header is damaged (checksum mismatch)";
                return null;
            }

            return new Header(version, BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
                BinaryPrimitives.ReadInt64LittleEndian(bytes[16..]), BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]),
                BinaryPrimitives.ReadInt64LittleEndian(bytes[32..]), BinaryPrimitives.ReadUInt64LittleEndian(bytes[40..]),
                BinaryPrimitives.ReadInt32LittleEndian(bytes[48..]), BinaryPrimitives.ReadInt32LittleEndian(bytes[52..]));
        }
    }
}

/// <summary>The cache's description of itself: where its bars came from and how to find each symbol.</summary>
public sealed record BarCacheMeta
{
    public string Format { get; init; } = "bt-bar-cache";
    public int Version { get; init; } = BarCacheFormat.Version;
    public int LoaderRules { get; init; } = BarCacheFormat.LoaderRules;
    public required string CreatedUtc { get; init; }
    public required BarCacheSource Source { get; init; }

    /// <summary>Every symbol the import selected, in the import's output order, with its load account.</summary>
    public required List<BarCacheSymbol> Symbols { get; init; }

    public required List<BarCacheBlock> Blocks { get; init; }

    /// <summary>The load issues met at import (invalid rows, unreadable files), by symbol in output order.</summary>
    public required List<BarCacheIssue> Issues { get; init; }
}

/// <summary>What was imported: the kind, the location (no password), the selection, the fingerprint.</summary>
public sealed record BarCacheSource
{
    /// <summary>"files" or "postgres".</summary>
    public required string Kind { get; init; }

    /// <summary>The path, or the connection without its password.</summary>
    public required string Location { get; init; }

    public List<string>? Tickers { get; init; }
    public int? Limit { get; init; }
    public long? StartMs { get; init; }
    public long? EndMs { get; init; }
    public required string OnInvalid { get; init; }

    /// <summary>What the source looked like at import (files: name → size and mtime; database: symbol → rows and span).</summary>
    public required SortedDictionary<string, string> Fingerprint { get; init; }
}

public sealed record BarCacheSymbol
{
    public required string Symbol { get; init; }
    public required string File { get; init; }
    public int RowsRead { get; init; }
    public int InvalidRows { get; init; }
    public int Duplicates { get; init; }

    /// <summary>Bars held (after cleaning and the import window); 0 for a symbol skipped at import.</summary>
    public int Bars { get; init; }

    public int Block { get; init; } = -1;
    public int Lane { get; init; } = -1;

    /// <summary>Why the import had no bars for it (the loader's skip reason).</summary>
    public string? Skipped { get; init; }

    public int FirstIssue { get; init; }
    public int IssueCount { get; init; }
}

public sealed record BarCacheBlock
{
    public required long Offset { get; init; }
    public required int Lanes { get; init; }
    public required int Stride { get; init; }
    public required int Rows { get; init; }

    /// <summary>Bytes of one field (rows × stride × 8, rounded up to a page).</summary>
    public required long FieldBytes { get; init; }

    /// <summary>XxHash3 of each field's bytes (time, open, high, low, close, volume), padding included.</summary>
    public required ulong[] Hashes { get; init; }
}

public sealed record BarCacheIssue(string File, long Line, string? Symbol, string Message);
