using System.Globalization;
using Backtest.WalkForward;

namespace Backtest.Results;

/// <summary>
/// The console report of `bt walkforward`: one line per fold (its train and test days, inclusive; the chosen
/// grid values; the metric's mean in and out of sample; the share of symbols profitable out of sample),
/// then the stitched out-of-sample result over the symbols. Invariant culture.
/// </summary>
public static class WalkForwardConsoleWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, WalkForwardReport report, DataAccount data)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(data);
        var request = report.Request;
        var axes = report.Grid.Axes;
        w.WriteLine($"Data: {data.Data}");
        ConsoleReportWriter.WriteSkippedFiles(w, data.Load);
        w.WriteLine($"Walk-forward: {(request.Anchored ? "anchored" : "rolling")} train {request.TrainDays} days, test {request.TestDays} days, step {report.StepDays} days (UTC days); " +
            $"{report.Grid.Count.ToString("N0", Inv)} combinations per fold, ranked by {report.Metric.Name} ({report.Metric.Direction} is better), select {(request.BestPerSymbol ? "symbol" : "universe")}");
        GapConsoleWriter.Write(w, data.Load.Gaps, WalkForwardJsonWriter.FileName);
        w.WriteLine();

        string[] header = ["fold", "train", "test", .. axes.Select(a => a.Name), "IS mean", "OOS mean", "OOS profitable %", "symbols"];
        var rows = report.Folds.Select(f => (string[])
        [
            f.Fold.Number.ToString(Inv),
            Days(f.Fold.TrainStart, f.Fold.TrainEnd),
            Days(f.Fold.TestStart, f.Fold.TestEnd),
            .. axes.Select(a => f.Chosen is { } c ? a.Parameter.Format(a.Parameter.Get(c.Point)) : f.Skipped is null ? "per symbol" : "-"),
            f.Skipped is null ? ResultText.TableValue(f.InSample.Mean) : "skipped",
            f.Skipped is null ? ResultText.TableValue(f.OutOfSample.Mean) : "-",
            f.Skipped is null ? f.OutOfSample.ProfitablePct.ToString("F1", Inv) : "-",
            f.Symbols.Count.ToString(Inv),
        ]).ToList();
        OptimizeConsoleWriter.WriteTable(w, header, rows);
        foreach (var f in report.Folds.Where(f => f.Skipped is not null))
            w.WriteLine($"Fold {f.Fold.Number} skipped: {f.Skipped}");

        w.WriteLine();
        var s = report.StitchedSummary;
        double meanReturn = report.Stitched.Count > 0 ? report.Stitched.Average(x => x.Metrics.TotalReturnPct) : 0;
        w.WriteLine($"Stitched out of sample ({report.Stitched.Count.ToString("N0", Inv)} symbols): mean {report.Metric.Name} {ResultText.TableValue(s.Mean)}, median {ResultText.TableValue(s.Median)}, " +
            $"{s.ProfitablePct.ToString("F1", Inv)} % profitable, mean total return {meanReturn.ToString("F2", Inv)} %");
        w.WriteLine($"Evaluated {report.BarEvaluations.ToString("N0", Inv)} in-sample bar-evaluations; {(report.ElapsedMs / 1000).ToString("F2", Inv)} s of compute");
    }

    // Inclusive UTC days of a window [start, end).
    private static string Days(long start, long end) =>
        $"{Data.UnixTime.ToDateTimeOffset(start).UtcDateTime:yyyy-MM-dd}..{Data.UnixTime.ToDateTimeOffset(end - FoldPlan.DayMs).UtcDateTime:yyyy-MM-dd}";
}
