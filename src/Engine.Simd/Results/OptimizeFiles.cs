using Backtest.Optimization;

namespace Backtest.Results;

/// <summary>
/// Writes an optimization's files into one directory, each atomically: optimize.csv, with --select symbol
/// optimize_symbols.csv, then optimize.json last. Other files in the directory are not touched.
/// </summary>
public static class OptimizeFiles
{
    public static IReadOnlyList<string> Write(string directory, OptimizationReport report, DataAccount data)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(report);
        string dir = Path.GetFullPath(directory);
        Directory.CreateDirectory(dir);
        var written = new List<string>(3);

        string csv = Path.Combine(dir, OptimizeCsvWriter.FileName);
        AtomicFileWriter.WriteText(csv, w => OptimizeCsvWriter.Write(w, report));
        written.Add(csv);

        if (report.SymbolBests is not null)
        {
            string symbols = Path.Combine(dir, OptimizeCsvWriter.SymbolsFileName);
            AtomicFileWriter.WriteText(symbols, w => OptimizeCsvWriter.WriteSymbols(w, report));
            written.Add(symbols);
        }

        string json = Path.Combine(dir, OptimizeJsonWriter.FileName);
        AtomicFileWriter.Write(json, s => OptimizeJsonWriter.Write(s, report, data));
        written.Add(json);
        return written;
    }
}
