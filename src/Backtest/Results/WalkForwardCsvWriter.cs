using Backtest.Data;
using Backtest.WalkForward;

namespace Backtest.Results;

/// <summary>
/// walkforward.csv: one row per fold: its number, train and test windows (ISO 8601, end exclusive), the
/// chosen value of each grid axis (with --select universe; empty with --select symbol, where each symbol has
/// its own, listed in walkforward.json), the metric in and out of sample (mean, median), the share of symbols
/// profitable out of sample, the symbols, and why a skipped fold was skipped.
/// walkforward_equity.csv: each symbol's stitched out-of-sample equity at the last bar of every UTC day
/// (symbol, time, equity); the metrics are computed from every bar.
/// </summary>
public static class WalkForwardCsvWriter
{
    public const string FileName = "walkforward.csv";
    public const string EquityFileName = "walkforward_equity.csv";

    public static void Write(TextWriter writer, WalkForwardReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var axes = report.Grid.Axes;
        ResultText.WriteCsvRow(writer,
        [
            "fold", "train_start", "train_end", "test_start", "test_end", .. axes.Select(a => a.Parameter.JsonName),
            "in_sample_mean", "in_sample_median", "out_of_sample_mean", "out_of_sample_median", "out_of_sample_profitable_pct", "symbols", "skipped",
        ]);
        foreach (var f in report.Folds)
        {
            ResultText.WriteCsvRow(writer,
            [
                ResultText.Number(f.Fold.Number),
                UnixTime.ToIso(f.Fold.TrainStart),
                UnixTime.ToIso(f.Fold.TrainEnd),
                UnixTime.ToIso(f.Fold.TestStart),
                UnixTime.ToIso(f.Fold.TestEnd),
                .. axes.Select(a => f.Chosen is { } c ? ResultText.Number(a.Parameter.Get(c.Point)) : ""),
                ResultText.OptionalNumber(f.InSample.Mean),
                ResultText.OptionalNumber(f.InSample.Median),
                ResultText.OptionalNumber(f.OutOfSample.Mean),
                ResultText.OptionalNumber(f.OutOfSample.Median),
                f.Skipped is null ? ResultText.Number(f.OutOfSample.ProfitablePct) : "",
                ResultText.Number(f.Symbols.Count),
                ResultText.CsvField(f.Skipped ?? ""),
            ]);
        }
    }

    public static void WriteEquity(TextWriter writer, WalkForwardReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        ResultText.WriteCsvRow(writer, "symbol", "time", "equity");
        foreach (var s in report.Stitched)
        {
            var times = s.Equity.Times;
            var equity = s.Equity.Equity;
            string symbol = ResultText.CsvField(s.Symbol);
            for (int k = 0; k < times.Count; k++)
            {
                bool lastOfDay = k == times.Count - 1 || times[k + 1] / FoldPlan.DayMs != times[k] / FoldPlan.DayMs;
                if (lastOfDay) ResultText.WriteCsvRow(writer, symbol, UnixTime.ToIso(times[k]), ResultText.Number(equity[k]));
            }
        }
    }
}
