using System.Globalization;

namespace Backtest.Results;

/// <summary>
/// The human-readable report of a run (the seed system's console summary): the load account first
/// (invalid rows, duplicates, the first issues with file:line, the skipped symbols with their first
/// reasons), then the run summary with its top and bottom lists and the engine's speed.
/// Numbers are written in invariant culture.
/// </summary>
public static class ConsoleReportWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How many load issues and skipped symbols are listed before "and N more".</summary>
    public const int ListedLines = 10;

    /// <summary>The load account: what was read and what was not used, and why.</summary>
    /// <param name="issuesFile">Where every issue was written, if anywhere, to point the reader at.</param>
    public static void WriteLoadAccount(TextWriter w, RunReport report, string? issuesFile = null)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        var run = report.Run;
        w.WriteLine($"Data: {run.Data}");
        if (run.WindowStart is not null || run.WindowEnd is not null)
            w.WriteLine($"Window: {(run.WindowStart is { } s ? Data.TimeWindow.DescribeStart(s.ToUnixTimeMilliseconds()) : "(open)")} .. {Time(run.WindowEnd)}");

        var load = report.Load;
        w.WriteLine($"Rows not used: {Count(load.InvalidRows, "invalid row")} skipped, {Count(load.Duplicates, "duplicate timestamp")} resolved");
        if (load.Issues.Count > 0)
        {
            string where = issuesFile is null ? "" : $"; all of them in {issuesFile}";
            w.WriteLine($"Load issues: {load.Issues.Count.ToString("N0", Inv)}{where}");
            foreach (var issue in load.Issues.Take(ListedLines)) w.WriteLine($"  {issue}");
            More(w, load.Issues.Count);
        }

        WriteSkippedFiles(w, load);

        if (report.Skipped.Count > 0)
        {
            w.WriteLine($"Skipped: {Count(report.Skipped.Count, "symbol")}");
            foreach (var s in report.Skipped.Take(ListedLines)) w.WriteLine($"  {s.Symbol}: {s.Reason}");
            More(w, report.Skipped.Count);
        }

        GapConsoleWriter.Write(w, load.Gaps, ResultsJsonWriter.FileName);
    }

    /// <summary>Entries of the data directory that could not be looked at, with why (nothing when there are none).</summary>
    public static void WriteSkippedFiles(TextWriter w, LoadAccount load)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(load);
        if (load.SkippedFiles.Count == 0) return;
        w.WriteLine($"Skipped files: {load.SkippedFiles.Count.ToString("N0", Inv)}");
        foreach (var f in load.SkippedFiles.Take(ListedLines)) w.WriteLine($"  {f}");
        More(w, load.SkippedFiles.Count);
    }

    /// <summary>The run summary: counts, returns, top and bottom lists, and the engine's speed.</summary>
    public static void WriteSummary(TextWriter w, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        var run = report.Run;
        var s = report.Summary;
        w.WriteLine();
        w.WriteLine($"Backtested {Count(run.Symbols, "symbol")}, {Count(run.Bars, "bar")} ({run.Engine} engine, {run.Precision.Name()})");
        w.WriteLine($"Profitable: {s.Profitable.ToString("N0", Inv)} of {s.Symbols.ToString("N0", Inv)} ({s.ProfitablePct.ToString("F1", Inv)}%)");
        w.WriteLine($"Return %: average {Pct(s.AverageReturnPct)}, median {Pct(s.MedianReturnPct)}, best {Pct(s.BestReturnPct)}, worst {Pct(s.WorstReturnPct)}");
        WriteUnaffordable(w, report);
        Table(w, $"Top {s.Top.Count} by return", s.Top);
        Table(w, $"Bottom {s.Bottom.Count} by return", s.Bottom);
        w.WriteLine();
        string speed = run.BarsPerSecond is { } bps ? $", {bps.ToString("N0", Inv)} bars/s" : "";
        string time = run.ElapsedMs < 1000
            ? $"{run.ElapsedMs.ToString("F1", Inv)} ms"
            : $"{(run.ElapsedMs / 1000).ToString("F2", Inv)} s";
        w.WriteLine($"Engine time: {time}{speed}");
    }

    /// <summary>Symbols with entry signals dropped because the budget could not buy one share (spec §4).</summary>
    private static void WriteUnaffordable(TextWriter w, RunReport report)
    {
        var symbols = report.Symbols.Where(s => s.Result.UnaffordableEntries > 0).ToList();
        if (symbols.Count == 0) return;
        var p = report.Run.Parameters;
        w.WriteLine(
            $"Unaffordable: {Count(symbols.Count, "symbol")} had entry signals whose budget ({(100 * p.PositionSize).ToString("0.##", Inv)}% of cash) " +
            "could not buy one share; those entries were not taken");
        foreach (var s in symbols.Take(ListedLines))
            w.WriteLine($"  {s.Symbol}: {Count(s.Result.UnaffordableEntries, "entry signal")} not filled, {Count(s.Result.Metrics.Trades, "trade")}");
        More(w, symbols.Count);
    }

    private static void Table(TextWriter w, string title, IReadOnlyList<SummaryEntry> entries)
    {
        if (entries.Count == 0) return;
        int width = Math.Max(6, entries.Max(e => e.Symbol.Length));
        w.WriteLine();
        w.WriteLine(title);
        w.WriteLine($"  {"symbol".PadRight(width)}  {"return %",10}  {"trades",7}  {"sharpe",8}");
        foreach (var e in entries)
            w.WriteLine($"  {e.Symbol.PadRight(width)}  {Pct(e.TotalReturnPct),10}  {e.Trades.ToString(Inv),7}  {e.SharpeRatio.ToString("F2", Inv),8}");
    }

    private static void More(TextWriter w, int count)
    {
        if (count > ListedLines) w.WriteLine($"  ... and {(count - ListedLines).ToString("N0", Inv)} more");
    }

    private static string Pct(double value) => value.ToString("+0.00;-0.00;0.00", Inv);

    private static string Count(long n, string noun) => $"{n.ToString("N0", Inv)} {noun}{(n == 1 ? "" : "s")}";

    private static string Time(DateTimeOffset? t) => t is { } v ? ResultText.Iso(v) : "(open)";
}
