using System.Buffers.Binary;
using System.Globalization;
using Backtest.Data.Files;

namespace Backtest.Data.Parquet;

/// <summary>
/// The frame of a Parquet file, checked before any library reads it: <c>PAR1</c> at both ends and, just before the
/// final marker, the footer's length as a little-endian int32. A footer longer than the file (a damaged or crafted
/// length) would otherwise be allocated as claimed: a 2 GiB claim in a small file ran the process out of memory. The
/// footer itself must then be one whole Thrift struct (<see cref="ParquetFooterThrift"/>): Parquet.Net 6.1 loops
/// forever on one that ends inside a field.
/// </summary>
internal static class ParquetFooter
{
    private const int MarkerBytes = 4;

    /// <summary>Smallest possible file: the leading marker, a footer length and the trailing marker.</summary>
    private const int FrameBytes = MarkerBytes + 4 + MarkerBytes;

    private static ReadOnlySpan<byte> Marker => "PAR1"u8;

    /// <summary>Why <paramref name="stream"/> (positioned anywhere) is not a well-framed Parquet file, or null.</summary>
    public static string? Problem(Stream stream, ReadLimit limit)
    {
        ArgumentNullException.ThrowIfNull(stream);
        long length = stream.Length;
        if (length < FrameBytes)
            return string.Create(CultureInfo.InvariantCulture, $"not a Parquet file: {length} bytes, too short for one");

        Span<byte> head = stackalloc byte[MarkerBytes];
        Span<byte> tail = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(head);
        stream.Position = length - tail.Length;
        stream.ReadExactly(tail);
        stream.Position = 0;
        if (!head.SequenceEqual(Marker) || !tail[4..].SequenceEqual(Marker))
            return "not a Parquet file: it does not begin and end with the PAR1 marker";

        long footer = BinaryPrimitives.ReadInt32LittleEndian(tail);
        long room = length - FrameBytes;
        if (footer <= 0 || footer > room)
            return string.Create(CultureInfo.InvariantCulture,
                $"damaged Parquet footer: it claims {footer:N0} bytes, but the file has {room:N0} bytes for it");
        if (footer > limit.Bytes) return limit.TooLarge("its footer", footer);

        var bytes = new byte[footer];
        stream.Position = length - tail.Length - footer;
        stream.ReadExactly(bytes);
        stream.Position = 0;
        return ParquetFooterThrift.Problem(bytes);
    }
}
