using Backtest.Optimization;

namespace Backtest.Results;

/// <summary>
/// Writes an optimization's files into one directory as one <see cref="OutputFileSet"/> (all new, or all old if
/// writing fails): the extra files given (the heatmap PNG), optimize.csv, with --select symbol optimize_symbols.csv,
/// then optimize.json. Other files in the directory are not touched.
/// </summary>
public static class OptimizeFiles
{
    /// <param name="extraFiles">Files made by the caller (name in the directory, content), written in the same set.</param>
    public static IReadOnlyList<string> Write(
        string directory, OptimizationReport report, DataAccount data, IReadOnlyList<(string FileName, byte[] Content)>? extraFiles = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(report);
        var set = new OutputFileSet(directory);
        foreach (var (name, content) in extraFiles ?? []) set.Add(name, s => s.Write(content));
        set.AddText(OptimizeCsvWriter.FileName, w => OptimizeCsvWriter.Write(w, report));
        if (report.SymbolBests is not null)
            set.AddText(OptimizeCsvWriter.SymbolsFileName, w => OptimizeCsvWriter.WriteSymbols(w, report));
        set.Add(OptimizeJsonWriter.FileName, s => OptimizeJsonWriter.Write(s, report, data));
        return set.Commit();
    }
}
