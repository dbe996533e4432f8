using Backtest.Metrics;
using Backtest.Optimization;

namespace Backtest.WalkForward;

/// <summary>
/// A walk-forward's outcome: every fold, each symbol's stitched out-of-sample equity and metrics, and the
/// metric over the stitched symbols. <see cref="ElapsedMs"/> is compute time (optimizations and
/// out-of-sample runs), not loading or writing.
/// </summary>
public sealed record WalkForwardReport
{
    public required WalkForwardRequest Request { get; init; }
    public required string Engine { get; init; }
    public required IReadOnlyList<FoldResult> Folds { get; init; }
    public required IReadOnlyList<StitchedSymbol> Stitched { get; init; }
    public required MetricSummary StitchedSummary { get; init; }
    public required double ElapsedMs { get; init; }

    public int StepDays => Request.StepDays ?? Request.TestDays;

    public OptimizationMetric Metric => Request.Metric;

    public ParameterGrid Grid => Request.Grid;

    public long BarEvaluations => Folds.Sum(f => f.BarEvaluations);
}
