namespace Backtest.Data.Files;

/// <summary>
/// The one rule for opening a bar file (CSV, Parquet, LEAN zip): only a regular file, found under its name, and
/// never more bytes than the read limit. Anything else is refused with an <see cref="IOException"/> whose message says
/// why in the user's terms, so each reader turns it into a file-level problem and the load goes on.
/// </summary>
internal static class DataFile
{
    /// <summary>Why <paramref name="path"/> cannot be read as a bar file, or null when it can be tried.</summary>
    public static string? Unreadable(string path)
    {
        var kind = FileKinds.Of(path);
        return kind switch
        {
            FileKind.Regular or FileKind.Unknown => null,
            FileKind.Missing => CannotBeFound(path),
            _ => $"not a regular file: it is {FileKinds.Describe(kind)}",
        };
    }

    /// <summary>
    /// A name the file system listed but that cannot be opened: .NET decodes file names as UTF-8 and replaces bytes that
    /// are not (U+FFFD), so such a name no longer leads back to its file.
    /// </summary>
    public static string CannotBeFound(string path) => path.Contains('\uFFFD', StringComparison.Ordinal)
        ? "its name is not valid UTF-8, so it cannot be opened by name (rename it)"
        : "it cannot be opened (a broken link, or removed while reading)";

    /// <summary>A regular file opened for reading, refused when longer than <paramref name="limit"/> (null: no limit).</summary>
    public static FileStream OpenRead(string path, ReadLimit? limit)
    {
        if (Unreadable(path) is { } why) throw new IOException(why);
        // FileStream's default buffer: Parquet.Net reads page headers a few bytes at a time.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
        if (limit is { } l && stream.Length > l.Bytes)
        {
            long length = stream.Length;
            stream.Dispose();
            throw new IOException(l.TooLarge("the file", length));
        }

        return stream;
    }

    /// <summary>
    /// The whole file, at most <paramref name="limit"/> bytes. Reads exactly the length the file had when opened, so a
    /// file that grows while it is read cannot make the read endless.
    /// </summary>
    public static byte[] ReadAll(string path, ReadLimit limit)
    {
        using var stream = OpenRead(path, limit);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>
    /// A stream read to its end, refused as soon as it passes <paramref name="limit"/>: for streams whose length is
    /// only claimed (a zip entry's header can lie), the bytes are counted as they come.
    /// </summary>
    public static byte[] ReadToEnd(Stream stream, ReadLimit limit, string what)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = new MemoryStream();
        var chunk = new byte[81920];
        long max = limit.Bytes;
        int n;
        while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (memory.Length + n > max) throw new IOException(limit.TooLarge(what, max, atLeast: true));
            memory.Write(chunk, 0, n);
        }

        return memory.ToArray();
    }
}
