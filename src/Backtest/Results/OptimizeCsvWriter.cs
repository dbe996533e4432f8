using Backtest.Metrics;
using Backtest.Optimization;

namespace Backtest.Results;

/// <summary>
/// optimize.csv: one row per evaluated combination, best first: rank, grid index, the value of each grid
/// axis (snake_case columns, in --grid order), mean, median, profitable_pct, symbols. The parameters every
/// combination shares are in optimize.json. With --select symbol, optimize_symbols.csv: each symbol's best
/// combination with its value of the metric and its headline metrics. An undefined mean is an empty field.
/// </summary>
public static class OptimizeCsvWriter
{
    public const string FileName = "optimize.csv";
    public const string SymbolsFileName = "optimize_symbols.csv";

    public static void Write(TextWriter writer, OptimizationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var axes = report.Grid.Axes;
        ResultText.WriteCsvRow(writer, ["rank", "index", .. axes.Select(a => a.Parameter.JsonName), "mean", "median", "profitable_pct", "symbols"]);
        foreach (var c in report.Ranked)
        {
            ResultText.WriteCsvRow(writer,
            [
                ResultText.Number(c.Rank),
                ResultText.Number(c.Index),
                .. axes.Select(a => ResultText.Number(a.Parameter.Get(c.Point))),
                ResultText.OptionalNumber(c.Mean),
                ResultText.OptionalNumber(c.Median),
                ResultText.Number(c.ProfitablePct),
                ResultText.Number(c.Symbols),
            ]);
        }
    }

    private sealed record HeadlineColumn(string Name, Func<SymbolMetrics, string> Format);

    private static readonly HeadlineColumn[] Headline =
    [
        new("total_return_pct", m => ResultText.Number(m.TotalReturnPct)),
        new("trades", m => ResultText.Number(m.Trades)),
        new("sharpe_ratio", m => ResultText.Number(m.SharpeRatio)),
        new("max_drawdown_pct", m => ResultText.Number(m.MaxDrawdownPct)),
    ];

    public static void WriteSymbols(TextWriter writer, OptimizationReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var bests = report.SymbolBests ?? throw new ArgumentException("The report has no per-symbol bests.", nameof(report));
        var axes = report.Grid.Axes;
        // The headline metrics after the ranking metric's value, without the one that is the ranking metric itself.
        var headline = Headline.Where(h => h.Name != report.Metric.Name).ToArray();
        ResultText.WriteCsvRow(writer,
            ["symbol", "index", .. axes.Select(a => a.Parameter.JsonName), report.Metric.Name, .. headline.Select(h => h.Name)]);
        foreach (var b in bests)
        {
            var m = b.Metrics;
            ResultText.WriteCsvRow(writer,
            [
                ResultText.CsvField(b.Symbol),
                ResultText.Number(b.Combination.Index),
                .. axes.Select(a => ResultText.Number(a.Parameter.Get(b.Combination.Point))),
                ResultText.OptionalNumber(b.Value),
                .. headline.Select(h => h.Format(m)),
            ]);
        }
    }
}
