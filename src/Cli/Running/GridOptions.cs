using Backtest.Optimization;

namespace Backtest.Cli.Running;

/// <summary>The grid options of `bt optimize` and `bt walkforward` as typed, before they are checked.</summary>
public sealed record GridOptions
{
    /// <summary>Each --grid NAME=SPEC, in the order given (the grid order of its axes).</summary>
    public IReadOnlyList<string> Grid { get; init; } = [];

    public string Metric { get; init; } = OptimizationMetric.DefaultName;

    /// <summary>universe or symbol.</summary>
    public string Select { get; init; } = "universe";

    public int MaxCombinations { get; init; } = ParameterGrid.DefaultMaxCombinations;
}
