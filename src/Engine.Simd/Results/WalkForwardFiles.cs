using Backtest.WalkForward;

namespace Backtest.Results;

/// <summary>Writes walkforward.csv, walkforward_equity.csv, then walkforward.json last, each atomically.</summary>
public static class WalkForwardFiles
{
    public static IReadOnlyList<string> Write(string directory, WalkForwardReport report, DataAccount data)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(report);
        string dir = Path.GetFullPath(directory);
        Directory.CreateDirectory(dir);
        string csv = Path.Combine(dir, WalkForwardCsvWriter.FileName);
        AtomicFileWriter.WriteText(csv, w => WalkForwardCsvWriter.Write(w, report));
        string equity = Path.Combine(dir, WalkForwardCsvWriter.EquityFileName);
        AtomicFileWriter.WriteText(equity, w => WalkForwardCsvWriter.WriteEquity(w, report));
        string json = Path.Combine(dir, WalkForwardJsonWriter.FileName);
        AtomicFileWriter.Write(json, s => WalkForwardJsonWriter.Write(s, report, data));
        return [csv, equity, json];
    }
}
