using Backtest.Data;

namespace Backtest.Results;

/// <summary>
/// Writes a run's files into one directory (created if missing), each atomically: trades.csv,
/// summary.csv, then results.json last, so a results.json on disk always has its CSVs beside it.
/// load_issues.txt (every load issue, one per line as file:line: message) is written only when the
/// load met issues; an older one is removed otherwise so it never describes another run.
/// </summary>
public static class ResultFiles
{
    public const string IssuesFileName = "load_issues.txt";

    /// <summary>Writes the files and returns their full paths, in the order written.</summary>
    public static IReadOnlyList<string> Write(string directory, RunReport report)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(report);
        string dir = Path.GetFullPath(directory);
        Directory.CreateDirectory(dir);
        var written = new List<string>(4);

        string trades = Path.Combine(dir, TradesCsvWriter.FileName);
        AtomicFileWriter.WriteText(trades, w => TradesCsvWriter.Write(w, report));
        written.Add(trades);

        string summary = Path.Combine(dir, SummaryCsvWriter.FileName);
        AtomicFileWriter.WriteText(summary, w => SummaryCsvWriter.Write(w, report));
        written.Add(summary);

        string issues = Path.Combine(dir, IssuesFileName);
        if (report.Load.Issues.Count > 0)
        {
            AtomicFileWriter.WriteText(issues, w => WriteIssues(w, report.Load.Issues));
            written.Add(issues);
        }
        else if (File.Exists(issues))
        {
            File.Delete(issues);
        }

        string results = Path.Combine(dir, ResultsJsonWriter.FileName);
        AtomicFileWriter.Write(results, s => ResultsJsonWriter.Write(s, report));
        written.Add(results);
        return written;
    }

    private static void WriteIssues(TextWriter w, IReadOnlyList<LoadIssue> issues)
    {
        foreach (var issue in issues)
        {
            w.Write(issue.ToString());
            w.Write('\n');
        }
    }
}
