namespace Backtest.Results;

/// <summary>
/// Writes one file so that readers see either the previous file or the complete new one, never a part: an
/// <see cref="OutputFileSet"/> of one file (temporary file in the same directory, flushed to disk, renamed over the
/// final name). If writing fails the temporary file is deleted and the previous file is untouched.
/// </summary>
public static class AtomicFileWriter
{
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        new OutputFileSet(directory).Add(Path.GetFileName(full), write).Commit();
    }

    /// <summary>Writes UTF-8 text (no byte order mark, \n line ends) through a <see cref="TextWriter"/>.</summary>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{path}' has no directory.", nameof(path));
        new OutputFileSet(directory).AddText(Path.GetFileName(full), write).Commit();
    }
}
