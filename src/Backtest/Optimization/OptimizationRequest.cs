using Backtest.Data;
using Backtest.Engines;

namespace Backtest.Optimization;

/// <summary>What <see cref="OptimizationService"/> runs: series, a grid, the metric to rank by and how to select.</summary>
public sealed record OptimizationRequest
{
    public required IReadOnlyList<BarSeries> Series { get; init; }
    public required ParameterGrid Grid { get; init; }

    /// <summary>The engine that evaluates the grid.</summary>
    public required IGridEngine Engine { get; init; }
    public OptimizationMetric Metric { get; init; } = OptimizationMetric.Default;

    /// <summary>Also find the best combination of each symbol (--select symbol).</summary>
    public bool BestPerSymbol { get; init; }

    public Precision Precision { get; init; } = Precision.F64;

    /// <summary>Threads; −1 for one per core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
