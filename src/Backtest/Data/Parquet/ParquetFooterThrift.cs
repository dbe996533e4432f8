namespace Backtest.Data.Parquet;

/// <summary>
/// Walks a Parquet footer (a Thrift compact-protocol struct, FileMetaData) field by field without decoding it, to
/// check that it is whole before Parquet.Net parses it. Parquet.Net 6.1 reads the footer from a buffer of exactly the
/// footer's bytes and reads past its end as the byte 0xFF (ReadByte's -1): a varint that runs off the end never ends,
/// so a damaged footer hung the load. Here every read is bounded by the footer's length, nesting by
/// <see cref="MaxDepth"/>, and a list or map may not claim more elements than there are bytes left (each element takes
/// at least one), so the walk is linear in the footer's size.
/// </summary>
internal static class ParquetFooterThrift
{
    /// <summary>Far deeper than FileMetaData nests (about 6); a deeper footer is damaged, and would overflow a recursive parser's stack.</summary>
    private const int MaxDepth = 64;

    /// <summary>A varint of an i64 takes at most 10 bytes.</summary>
    private const int MaxVarintBytes = 10;

    private const byte Stop = 0, BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8,
        List = 9, Set = 10, Map = 11, Struct = 12, Uuid = 13;

    /// <summary>Why <paramref name="footer"/> is not one whole compact-protocol struct, in the user's terms, or null.</summary>
    public static string? Problem(ReadOnlySpan<byte> footer)
    {
        var walk = new Walk(footer);
        string? problem = walk.Fields(1);
        return problem == null ? null : "the file's footer (metadata) is damaged: " + problem;
    }

    private ref struct Walk(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _at;

        private const string EndsInside = "it ends inside a field";

        private readonly int Left => _bytes.Length - _at;

        public string? Fields(int depth)
        {
            if (depth > MaxDepth) return $"it nests deeper than {MaxDepth} levels";
            while (true)
            {
                if (Left < 1) return EndsInside;
                byte header = _bytes[_at++];
                if (header == Stop) return null;
                if (header >> 4 == 0 && Varint(out _) is { } idProblem) return idProblem;   // no id delta: the field id follows
                if (Value((byte)(header & 0x0F), depth, inStruct: true) is { } problem) return problem;
            }
        }

        /// <summary>Skips one value of <paramref name="type"/>; a bool is in its field header, but a byte of its own in a list or map.</summary>
        private string? Value(byte type, int depth, bool inStruct)
        {
            switch (type)
            {
                case BoolTrue or BoolFalse:
                    return inStruct ? null : Skip(1);
                case Byte:
                    return Skip(1);
                case I16 or I32 or I64:
                    return Varint(out _);
                case Double:
                    return Skip(8);
                case Uuid:
                    return Skip(16);
                case Binary:
                    if (Varint(out ulong length) is { } lengthProblem) return lengthProblem;
                    return length > (ulong)Left ? $"a value claims {length:N0} bytes, but {Left:N0} are left" : Skip((int)length);
                case List or Set:
                {
                    if (Left < 1) return EndsInside;
                    byte sizeAndType = _bytes[_at++];
                    ulong size = (ulong)(sizeAndType >> 4);
                    if (size == 15 && Varint(out size) is { } sizeProblem) return sizeProblem;
                    return Elements(size, (byte)(sizeAndType & 0x0F), null, depth);
                }
                case Map:
                {
                    if (Varint(out ulong size) is { } sizeProblem) return sizeProblem;
                    if (size == 0) return null;
                    if (Left < 1) return EndsInside;
                    byte types = _bytes[_at++];
                    return Elements(size, (byte)(types >> 4), (byte)(types & 0x0F), depth);
                }
                case Struct:
                    return Fields(depth + 1);
                default:
                    return $"a field has the unknown type {type}";
            }
        }

        private string? Elements(ulong count, byte type, byte? valueType, int depth)
        {
            if (count > (ulong)Left) return $"a list claims {count:N0} elements, but {Left:N0} bytes are left";
            for (ulong i = 0; i < count; i++)
            {
                if (Value(type, depth, inStruct: false) is { } problem) return problem;
                if (valueType is { } v && Value(v, depth, inStruct: false) is { } valueProblem) return valueProblem;
            }

            return null;
        }

        private string? Skip(int count)
        {
            if (count > Left) return EndsInside;
            _at += count;
            return null;
        }

        /// <summary>An unsigned LEB128 varint (null), or why there is none.</summary>
        private string? Varint(out ulong value)
        {
            value = 0;
            for (int i = 0; i < MaxVarintBytes; i++)
            {
                if (_at >= _bytes.Length) return EndsInside;
                byte b = _bytes[_at++];
                value |= (ulong)(b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) return null;
            }

            return $"a number runs longer than {MaxVarintBytes} bytes";
        }
    }
}
