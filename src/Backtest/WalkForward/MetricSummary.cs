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

    public static MetricSummary Of(IReadOnlyList<SymbolMetrics> metrics, OptimizationMetric metric)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var (mean, median, profitablePct, defined) = OptimizationReducer.Summarize(metrics, metric, new double[metrics.Count]);
        return new MetricSummary(mean, median, profitablePct, defined);
    }

    public static MetricSummary Of(CombinationSummary combination)
    {
        ArgumentNullException.ThrowIfNull(combination);
        return new(combination.Mean, combination.Median, combination.ProfitablePct, combination.Symbols);
    }
}
