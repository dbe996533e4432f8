namespace Backtest.Data.Synthetic;

/// <summary>
/// Writes a file so that readers see either the old file or the complete new one, never a partial one:
/// the content goes to a temporary file in the same directory (same volume, so the rename is atomic) and is
/// then moved over the final name. A failed write removes its temporary file.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? throw new ArgumentException($"No directory in '{path}'.", nameof(path));
        // A leading dot and a .tmp suffix: loaders that look for *.csv never pick the temporary file up.
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
                write(stream);
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original exception is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
