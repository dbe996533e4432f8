using Backtest.Data;

namespace Backtest.Results;

/// <summary>
/// Writes a run's files into one directory (created if missing) as one <see cref="OutputFileSet"/>: trades.csv,
/// summary.csv, load_issues.txt, results.json; all new or, if writing fails, all old. load_issues.txt (every load
/// issue, one per line as file:line: message) is written only when the load met issues; an older one is removed
/// otherwise so it never describes another run.
/// </summary>
public static class ResultFiles
{
    public const string IssuesFileName = "load_issues.txt";

    /// <summary>Writes the files and returns their full paths, in the order written.</summary>
    public static IReadOnlyList<string> Write(string directory, RunReport report) => Write(directory, report, null);

    /// <param name="create">Opens each temporary file (tests inject a full disk here); null for the file system.</param>
    internal static IReadOnlyList<string> Write(string directory, RunReport report, Func<string, Stream>? create)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(report);
        var set = new OutputFileSet(directory, create)
            .AddText(TradesCsvWriter.FileName, w => TradesCsvWriter.Write(w, report))
            .AddText(SummaryCsvWriter.FileName, w => SummaryCsvWriter.Write(w, report));
        if (report.Load.Issues.Count > 0)
            set.AddText(IssuesFileName, w => WriteIssues(w, report.Load.Issues));
        else
            set.Remove(IssuesFileName);
        set.Add(ResultsJsonWriter.FileName, s => ResultsJsonWriter.Write(s, report));
        return set.Commit();
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
