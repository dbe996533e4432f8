using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json.Nodes;
using Backtest.Data.Cache;

namespace Backtest.Tests.Sources;

/// <summary>
/// Damages a bar cache the way a crafted file would: a header field or a metadata value changed, with every checksum
/// recomputed so that only the reader's validation of the field itself can catch it.
/// </summary>
internal static class CacheSurgery
{
    // Header offsets (BarCacheFormat): version 8, page size 12, file length 16, meta offset 24, meta length 32,
    // meta hash 40, block count 48, reserved 52, header hash 56.
    public const int PageSizeAt = 12, FileLengthAt = 16, MetaOffsetAt = 24, MetaLengthAt = 32, BlockCountAt = 48, ReservedAt = 52;

    public static long ReadHeader64(byte[] file, int at) => BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(at));

    /// <summary>Sets a 32- or 64-bit header field and recomputes the header checksum.</summary>
    public static void SetHeader(byte[] file, int at, long value, int size = 8)
    {
        if (size == 8) BinaryPrimitives.WriteInt64LittleEndian(file.AsSpan(at), value);
        else BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(at), checked((int)value));
        Rehash(file);
    }

    public static void Rehash(byte[] file) =>
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(56), XxHash64.HashToUInt64(file.AsSpan(0, 56)));

    /// <summary>The metadata JSON of a cache file.</summary>
    public static JsonObject ReadMeta(byte[] file)
    {
        long offset = ReadHeader64(file, MetaOffsetAt), length = ReadHeader64(file, MetaLengthAt);
        return JsonNode.Parse(file.AsSpan((int)offset, (int)length))!.AsObject();
    }

    /// <summary>The file with its metadata replaced by <paramref name="json"/>: lengths and both checksums made to match.</summary>
    public static byte[] WithMeta(byte[] file, string json)
    {
        long offset = ReadHeader64(file, MetaOffsetAt);
        var meta = Encoding.UTF8.GetBytes(json);
        var result = new byte[offset + meta.Length];
        file.AsSpan(0, (int)offset).CopyTo(result);
        meta.CopyTo(result.AsSpan((int)offset));
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(FileLengthAt), result.Length);
        BinaryPrimitives.WriteInt64LittleEndian(result.AsSpan(MetaLengthAt), meta.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(result.AsSpan(40), XxHash64.HashToUInt64(meta));
        Rehash(result);
        return result;
    }

    /// <summary>The file with one change made to its metadata.</summary>
    public static byte[] EditMeta(byte[] file, Action<JsonObject> edit)
    {
        var meta = ReadMeta(file);
        edit(meta);
        return WithMeta(file, meta.ToJsonString());
    }

    /// <summary>Rewrites one field's bytes of a block with new values and fixes the field's hash in the metadata.</summary>
    public static byte[] EditField(byte[] file, int block, int field, Action<Span<long>> edit)
    {
        var meta = ReadMeta(file);
        var b = meta["blocks"]![block]!;
        long offset = (long)b["offset"]!, fieldBytes = (long)b["field_bytes"]!;
        var copy = (byte[])file.Clone();
        var span = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(copy.AsSpan((int)(offset + (field * fieldBytes)), (int)fieldBytes));
        edit(span);
        unsafe
        {
            fixed (byte* p = copy)
                b["hashes"]![field] = BarCache.HashField(p + offset + (field * fieldBytes), fieldBytes);
        }
        return WithMeta(copy, meta.ToJsonString());
    }
}
