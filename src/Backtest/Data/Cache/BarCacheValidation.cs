namespace Backtest.Data.Cache;

/// <summary>
/// The reader's checks of a cache's header and metadata against the file, made before any field is used: every size,
/// offset and index is a number a damaged or crafted file may set to anything, so each is compared with what the
/// writer (<see cref="BarCacheWriter"/>) could have written, with arithmetic that cannot overflow (sizes are compared
/// by division against the bytes left, never by adding or multiplying untrusted values). Each check returns the
/// problem in words, or null.
/// </summary>
internal static class BarCacheValidation
{
    /// <summary>The header's fields against the file's actual length.</summary>
    public static string? HeaderProblem(BarCacheFormat.Header header, long length)
    {
        if (header.PageSize != BarCacheFormat.PageSize)
            return $"is damaged: its header says page size {header.PageSize} (bt writes {BarCacheFormat.PageSize})";
        if (header.Reserved != 0) return "is damaged: its header's reserved bytes are not zero";
        if (length < header.FileLength) return $"is truncated: {length:N0} of its {header.FileLength:N0} bytes";
        if (length > header.FileLength) return $"has {length:N0} bytes where its header says {header.FileLength:N0}";
        // The metadata fills the file from its offset to the end, after the header page.
        if (header.MetaOffset < BarCacheFormat.PageSize || header.MetaOffset > length || header.MetaLength <= 0
            || header.MetaLength != length - header.MetaOffset || header.MetaLength > Array.MaxLength)
            return "is damaged: its metadata lies outside the file";
        if (header.BlockCount < 0) return "is damaged: its block count does not match its header";
        return null;
    }

    /// <summary>The metadata's every field that locates or counts something, against the header and each other.</summary>
    public static string? MetaProblem(BarCacheMeta meta, BarCacheFormat.Header header)
    {
        if (meta.Blocks.Count != header.BlockCount) return "is damaged: its block count does not match its header";
        if (SourceProblem(meta.Source) is { } source) return source;

        long end = BarCacheFormat.PageSize;   // where the previous block ends: blocks follow each other
        for (int i = 0; i < meta.Blocks.Count; i++)
        {
            if (BlockProblem(meta.Blocks[i], end, header.MetaOffset) is { } p) return $"is damaged: block {i} {p}";
            end = meta.Blocks[i].Offset + (BarCacheFormat.Fields * meta.Blocks[i].FieldBytes);
        }

        for (int i = 0; i < meta.Issues.Count; i++)
        {
            if (meta.Issues[i] is not { File: not null, Message: not null }) return $"is damaged: issue {i} of its metadata is incomplete";
        }

        for (int i = 0; i < meta.Symbols.Count; i++)
        {
            var s = meta.Symbols[i];
            if (s is null || string.IsNullOrEmpty(s.Symbol) || s.File is null) return $"is damaged: symbol {i} of its metadata is incomplete";
            if (SymbolProblem(s, meta) is { } p) return $"is damaged: symbol {s.Symbol} {p}";
        }

        return null;
    }

    private static string? SourceProblem(BarCacheSource source)
    {
        if (source.Kind is null || source.Location is null || source.OnInvalid is null || source.Fingerprint is null)
            return "is damaged: its source (kind, location, on_invalid, fingerprint) is incomplete";
        if (source.StartMs is { } start && !UnixTime.IsRepresentable(start))
            return $"is damaged: its import window's start {source.StartMs} ms is not a date";
        if (source.EndMs is { } end && !UnixTime.IsRepresentable(end))
            return $"is damaged: its import window's end {source.EndMs} ms is not a date";
        return null;
    }

    /// <summary>A block: lanes, stride, rows and field size as the writer makes them, its six fields between <paramref name="from"/> and the metadata.</summary>
    private static string? BlockProblem(BarCacheBlock? b, long from, long metaOffset)
    {
        if (b is null) return "is missing from its metadata";
        if (b.Hashes is not { Length: BarCacheFormat.Fields }) return "has no checksum for each of its six fields";
        if (b.Lanes < 1 || b.Lanes > BarCacheFormat.MaxLanes || b.Stride != BarCacheFormat.StrideFor(b.Lanes))
            return $"has {b.Lanes} lanes in a stride of {b.Stride}";
        if (b.Offset < from || b.Offset % BarCacheFormat.PageSize != 0 || b.Offset > metaOffset)
            return $"starts at byte {b.Offset}, not on a page after the block before it and before the metadata";
        // Six fields of FieldBytes each must fit between the block's start and the metadata: divide, never multiply.
        long room = (metaOffset - b.Offset) / BarCacheFormat.Fields;
        if (b.FieldBytes <= 0 || b.FieldBytes > room || b.FieldBytes % BarCacheFormat.PageSize != 0)
            return $"has fields of {b.FieldBytes} bytes, which do not fit in the file";
        // rows × stride × 8 ≤ FieldBytes ≤ the file, so FieldBytes(Rows, Stride) below cannot overflow.
        if (b.Rows < 2 || b.Rows > b.FieldBytes / 8 / b.Stride || b.FieldBytes != BarCacheFormat.FieldBytes(b.Rows, b.Stride))
            return $"has {b.Rows} rows, which do not match its fields of {b.FieldBytes} bytes";
        return null;
    }

    private static string? SymbolProblem(BarCacheSymbol s, BarCacheMeta meta)
    {
        if (s.Bars < 0 || s.RowsRead < 0 || s.InvalidRows < 0 || s.Duplicates < 0) return "has a negative count of bars or rows";
        if (s.FirstIssue < 0 || s.IssueCount < 0 || s.FirstIssue > meta.Issues.Count - s.IssueCount)
            return $"points at issues {s.FirstIssue}..+{s.IssueCount} of {meta.Issues.Count}";
        if (s.Bars == 0) return null;
        if ((uint)s.Block >= (uint)meta.Blocks.Count || (uint)s.Lane >= (uint)meta.Blocks[s.Block].Lanes || s.Bars >= meta.Blocks[s.Block].Rows)
            return "points outside its block";
        return null;
    }
}
