using Backtest.Data.Files;

namespace Backtest.Data;

/// <summary>How a source's bytes are laid out.</summary>
internal enum SourceKind
{
    /// <summary>A delimited text file (CSV, ';' or tab separated).</summary>
    Delimited,

    /// <summary>A folder of LEAN <c>YYYYMMDD_trade.zip</c> minute files, one symbol.</summary>
    LeanMinuteFolder,

    /// <summary>An Apache Parquet file (<c>*.parquet</c>).</summary>
    Parquet,
}

/// <summary>One thing to read, with the symbol its name gives.</summary>
internal sealed record DataSource(string Path, string Symbol, SourceKind Kind);

/// <summary>
/// Turns <c>--data PATH</c> into sources: a file is one source; a directory holds per-symbol files
/// (<c>.csv</c>, <c>.txt</c>, <c>.tsv</c>, <c>.parquet</c>; <c>AAPL_data.csv</c> gives <c>AAPL</c>) and/or LEAN minute folders
/// (a folder of <c>*_trade.zip</c>, named after the symbol). Hidden files are ignored. Sources come out in
/// ordinal path order so every run reads them in the same order.
/// </summary>
/// <remarks>
/// What a directory holds but cannot be used is skipped, never fatal: a sub-folder that cannot be listed, or an entry
/// whose name is not valid UTF-8 (it cannot be opened by the name .NET gives it), goes to the skipped files with the
/// reason. A bar file that is not a regular file (a FIFO, a link to a device) stays a source: its reader refuses it
/// and its symbol is skipped like that of any unreadable file.
/// </remarks>
internal static class DataSourceDiscovery
{
    public static readonly string[] Extensions = [".csv", ".txt", ".tsv"];

    public static List<DataSource> Find(string path) => Find(path, out _);

    /// <param name="skippedFiles">Entries of the directory that could not be looked at, each with why (line 0, no symbol).</param>
    public static List<DataSource> Find(string path, out List<LoadIssue> skippedFiles)
    {
        skippedFiles = [];
        if (File.Exists(path))
        {
            if (DataFile.Unreadable(path) is { } why) throw new DataLoadException($"cannot read '{path}': {why}.");
            return [new DataSource(path, SymbolFromFileName(path), KindOf(path))];
        }

        if (!Directory.Exists(path))
        {
            throw new DataLoadException(IsUnnamable(path)
                ? $"data path '{path}' cannot be opened: {DataFile.CannotBeFound(path)}."
                : $"data path '{path}' does not exist.");
        }

        var sources = new List<DataSource>();
        List<string> files, dirs;
        try
        {
            if (IsLeanFolder(path))
                sources.Add(new DataSource(path, LeanSymbol(path), SourceKind.LeanMinuteFolder));
            files = Directory.EnumerateFiles(path).Order(StringComparer.Ordinal).ToList();
            dirs = Directory.EnumerateDirectories(path).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataLoadException($"cannot list the data directory '{path}': {e.Message}");
        }

        foreach (var file in files)
        {
            var name = System.IO.Path.GetFileName(file);
            if (name.StartsWith('.')) continue;
            SourceKind kind;
            if (Extensions.Contains(System.IO.Path.GetExtension(name), StringComparer.OrdinalIgnoreCase)) kind = SourceKind.Delimited;
            else if (IsParquet(name)) kind = SourceKind.Parquet;
            else continue;

            if (IsUnnamable(file)) skippedFiles.Add(Skip(file, DataFile.CannotBeFound(file)));
            else sources.Add(new DataSource(file, SymbolFromFileName(file), kind));
        }

        foreach (var dir in dirs)
        {
            if (System.IO.Path.GetFileName(dir).StartsWith('.')) continue;
            if (IsUnnamable(dir))
            {
                skippedFiles.Add(Skip(dir, DataFile.CannotBeFound(dir)));
                continue;
            }

            try
            {
                if (IsLeanFolder(dir)) sources.Add(new DataSource(dir, LeanSymbol(dir), SourceKind.LeanMinuteFolder));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                skippedFiles.Add(Skip(dir, $"cannot list the folder: {e.Message}"));
            }
        }

        if (sources.Count == 0)
        {
            string skipped = skippedFiles.Count == 0 ? "" : $"; skipped {string.Join("; ", skippedFiles)}";
            throw new DataLoadException(
                $"data path '{path}' holds no bar files (*.csv, *.txt, *.tsv, *.parquet, or folders of LEAN *_trade.zip){skipped}.");
        }

        return sources;
    }

    private static LoadIssue Skip(string path, string why) => new(path, 0, null, $"skipped: {why}");

    /// <summary>Listed under a name that leads nowhere: its bytes were not UTF-8 (see <see cref="DataFile.CannotBeFound"/>).</summary>
    private static bool IsUnnamable(string path) =>
        path.Contains('\uFFFD', StringComparison.Ordinal) && !File.Exists(path) && !Directory.Exists(path);

    private static bool IsParquet(string name) => name.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase);

    private static SourceKind KindOf(string file) => IsParquet(file) ? SourceKind.Parquet : SourceKind.Delimited;

    /// <summary><c>AAPL.csv</c> and <c>AAPL_data.csv</c> both give <c>AAPL</c>.</summary>
    public static string SymbolFromFileName(string file)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        return name.EndsWith("_data", StringComparison.OrdinalIgnoreCase) && name.Length > 5 ? name[..^5] : name;
    }

    /// <summary>LEAN keeps folders in lower case (<c>spy</c>); tickers are upper case.</summary>
    private static string LeanSymbol(string dir) => System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(dir)).ToUpperInvariant();

    private static bool IsLeanFolder(string dir) => Directory.EnumerateFiles(dir, "*_trade.zip").Any();
}
