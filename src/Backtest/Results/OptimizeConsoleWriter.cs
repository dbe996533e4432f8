using System.Globalization;
using Backtest.Optimization;

namespace Backtest.Results;

/// <summary>
/// The console report of `bt optimize`: the grid and what was skipped, the top 10 combinations (rank, the
/// grid axes, mean, median, profitable %, symbols), the best, with --select symbol the first best per
/// symbol, and the work done per second. Invariant culture.
/// </summary>
public static class OptimizeConsoleWriter
{
    public const int TopRows = 10;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, OptimizationReport report, DataAccount data)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(data);
        var grid = report.Grid;
        w.WriteLine($"Data: {data.Data}");
        ConsoleReportWriter.WriteSkippedFiles(w, data.Load);
        string axes = grid.Axes.Count == 0 ? "no --grid (one combination: the options as given)" : string.Join(" x ", grid.Axes.Select(a => $"{a.Name} ({a.Values.Count})"));
        w.WriteLine($"Grid: {axes} = {grid.Count.ToString("N0", Inv)} combinations; {report.SkippedCombinations.Count.ToString("N0", Inv)} skipped as invalid{FirstSkip(report)}");
        int skippedSymbols = data.Skipped.Count + report.SkippedSymbols.Count;
        w.WriteLine($"Symbols: {report.Series.Count.ToString("N0", Inv)}{(skippedSymbols > 0 ? $" ({skippedSymbols.ToString("N0", Inv)} skipped; see optimize.json)" : "")}");
        GapConsoleWriter.Write(w, data.Load.Gaps, OptimizeJsonWriter.FileName);
        w.WriteLine();
        w.WriteLine($"Top {Math.Min(TopRows, report.Ranked.Count)} by the mean {report.Metric.Name} over symbols ({report.Metric.Direction} is better):");

        string[] header = ["rank", .. grid.Axes.Select(a => a.Name), "mean", "median", "profitable %", "symbols"];
        var rows = report.Ranked.Take(TopRows).Select(c => (string[])
        [
            c.Rank.ToString(Inv),
            .. grid.Axes.Select(a => a.Parameter.Format(a.Parameter.Get(c.Point))),
            ResultText.TableValue(c.Mean),
            ResultText.TableValue(c.Median),
            c.ProfitablePct.ToString("F1", Inv),
            c.Symbols.ToString(Inv),
        ]).ToList();
        WriteTable(w, header, rows);

        if (report.Best is { } best)
            w.WriteLine($"Best: {Describe(grid, best.Point)}: mean {ResultText.TableValue(best.Mean)}, median {ResultText.TableValue(best.Median)}, {best.ProfitablePct.ToString("F1", Inv)} % of symbols profitable");

        if (report.SymbolBests is { } bests)
        {
            w.WriteLine();
            w.WriteLine($"Best per symbol ({report.Metric.Name}), first {Math.Min(TopRows, bests.Count)} of {bests.Count.ToString("N0", Inv)}:");
            string[] symbolHeader = ["symbol", .. grid.Axes.Select(a => a.Name), report.Metric.Name, "return %", "trades"];
            var symbolRows = bests.Take(TopRows).Select(b => (string[])
            [
                b.Symbol,
                .. grid.Axes.Select(a => a.Parameter.Format(a.Parameter.Get(b.Combination.Point))),
                ResultText.TableValue(b.Value),
                b.Metrics.TotalReturnPct.ToString("F2", Inv),
                b.Metrics.Trades.ToString(Inv),
            ]).ToList();
            WriteTable(w, symbolHeader, symbolRows);
        }

        w.WriteLine();
        string rate = report.BarEvaluationsPerSecond is { } r ? $" ({(r / 1e6).ToString("N0", Inv)} M bar-evaluations/s)" : "";
        w.WriteLine($"Evaluated {report.Ranked.Count.ToString("N0", Inv)} combinations x {report.Series.Count.ToString("N0", Inv)} symbols = " +
            $"{report.BarEvaluations.ToString("N0", Inv)} bar-evaluations in {(report.ElapsedMs / 1000).ToString("F2", Inv)} s{rate}, {report.Engine} {report.Precision.Name()}");
        long copied = report.Ranked.Count - report.DistinctRuns;
        if (copied > 0)
            w.WriteLine($"{copied.ToString("N0", Inv)} of them behave exactly as another (a threshold acts as the largest possible score at or below it) and took its results.");
        if (report.TileRunsOnSharedIndicators > 0)
            w.WriteLine($"{(100.0 * report.TileRunsOnSharedIndicators / report.TileRuns).ToString("F1", Inv)}% of the runs computed none of the comparisons they share with other combinations: they read them as recorded by another run on the same symbols.");
    }

    /// <summary>"sma-fast=10 bb-k=2" for the grid's axes; "the options as given" without axes.</summary>
    public static string Describe(ParameterGrid grid, GridPoint point)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(point);
        return grid.Axes.Count == 0
            ? "the options as given"
            : string.Join(" ", grid.Axes.Select(a => $"{a.Name}={a.Parameter.Format(a.Parameter.Get(point))}"));
    }

    /// <summary>Columns right-aligned to their widest cell, two spaces apart.</summary>
    public static void WriteTable(TextWriter w, IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        w.WriteLine("  " + string.Join("  ", header.Select((h, i) => h.PadLeft(widths[i]))));
        foreach (var row in rows) w.WriteLine("  " + string.Join("  ", row.Select((c, i) => c.PadLeft(widths[i]))));
    }

    private static string FirstSkip(OptimizationReport report) =>
        report.SkippedCombinations.FirstReason is { } reason ? $" (first: {reason})" : "";
}
