using Backtest.Data;
using Backtest.Engines;
using Backtest.Optimization;

namespace Backtest.WalkForward;

/// <summary>What <see cref="WalkForwardService"/> runs: the series, the grid and metric, the windows in UTC days.</summary>
public sealed record WalkForwardRequest
{
    public required IReadOnlyList<BarSeries> Series { get; init; }
    public required ParameterGrid Grid { get; init; }

    /// <summary>The engine that optimizes the train windows and runs the test windows.</summary>
    public required IGridEngine Engine { get; init; }
    public OptimizationMetric Metric { get; init; } = OptimizationMetric.Default;
    public bool BestPerSymbol { get; init; }
    public Precision Precision { get; init; } = Precision.F64;
    public required int TrainDays { get; init; }
    public required int TestDays { get; init; }

    /// <summary>Days from one fold to the next; the test length when null.</summary>
    public int? StepDays { get; init; }

    public bool Anchored { get; init; }

    public int MaxDegreeOfParallelism { get; init; } = -1;
}
