using Backtest.WalkForward;

namespace Backtest.Results;

/// <summary>Writes walkforward.csv, walkforward_equity.csv and walkforward.json as one <see cref="OutputFileSet"/>: all new, or all old if writing fails.</summary>
public static class WalkForwardFiles
{
    public static IReadOnlyList<string> Write(string directory, WalkForwardReport report, DataAccount data)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(report);
        return new OutputFileSet(directory)
            .AddText(WalkForwardCsvWriter.FileName, w => WalkForwardCsvWriter.Write(w, report))
            .AddText(WalkForwardCsvWriter.EquityFileName, w => WalkForwardCsvWriter.WriteEquity(w, report))
            .Add(WalkForwardJsonWriter.FileName, s => WalkForwardJsonWriter.Write(s, report, data))
            .Commit();
    }
}
