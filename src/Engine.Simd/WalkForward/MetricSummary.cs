using Backtest.Metrics;
using Backtest.Optimization;

namespace Backtest.WalkForward;

/// <summary>
/// A metric over a set of symbols, as optimize ranks it: mean and median over the symbols where it is
/// defined (<see cref="Symbols"/>; null when none), and the share of all symbols with total_return &gt; 0.
/// </summary>
public sealed record MetricSummary(double? Mean, double? Median, double ProfitablePct, int Symbols)
{
    public static MetricSummary Empty { get; } = new(null, null, 0, 0);

    public static MetricSummary Of(IReadOnlyCollection<SymbolMetrics> metrics, OptimizationMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(metric);
        if (metrics.Count == 0) return Empty;
        var values = metrics.Select(metric.ValueOf).OfType<double>().ToArray();
        double profitable = 100.0 * metrics.Count(m => m.TotalReturn > 0) / metrics.Count;
        return values.Length == 0
            ? new MetricSummary(null, null, profitable, 0)
            : new MetricSummary(values.Average(), OptimizationReducer.Median(values), profitable, values.Length);
    }

    public static MetricSummary Of(CombinationSummary combination)
    {
        ArgumentNullException.ThrowIfNull(combination);
        return new(combination.Mean, combination.Median, combination.ProfitablePct, combination.Symbols);
    }
}
