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
internal static class DataSourceDiscovery
{
    public static readonly string[] Extensions = [".csv", ".txt", ".tsv"];

    public static List<DataSource> Find(string path)
    {
        if (File.Exists(path)) return [new DataSource(path, SymbolFromFileName(path), KindOf(path))];
        if (!Directory.Exists(path)) throw new DataLoadException($"data path '{path}' does not exist.");

        var sources = new List<DataSource>();
        if (IsLeanFolder(path))
            sources.Add(new DataSource(path, LeanSymbol(path), SourceKind.LeanMinuteFolder));

        foreach (var file in Directory.EnumerateFiles(path).Order(StringComparer.Ordinal))
        {
            var name = System.IO.Path.GetFileName(file);
            if (name.StartsWith('.')) continue;
            if (Extensions.Contains(System.IO.Path.GetExtension(name), StringComparer.OrdinalIgnoreCase))
                sources.Add(new DataSource(file, SymbolFromFileName(file), SourceKind.Delimited));
            else if (IsParquet(name))
                sources.Add(new DataSource(file, SymbolFromFileName(file), SourceKind.Parquet));
        }

        foreach (var dir in Directory.EnumerateDirectories(path).Order(StringComparer.Ordinal))
        {
            if (!System.IO.Path.GetFileName(dir).StartsWith('.') && IsLeanFolder(dir))
                sources.Add(new DataSource(dir, LeanSymbol(dir), SourceKind.LeanMinuteFolder));
        }

        if (sources.Count == 0)
            throw new DataLoadException(
                $"data path '{path}' holds no bar files (*.csv, *.txt, *.tsv, *.parquet, or folders of LEAN *_trade.zip).");
        return sources;
    }

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
