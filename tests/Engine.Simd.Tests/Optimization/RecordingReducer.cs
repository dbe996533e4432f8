using Backtest.Metrics;
using Backtest.Optimization;

namespace Backtest.Tests.Optimization;

/// <summary>A reducer that keeps every combination and its per-symbol metrics, in the order the evaluator hands them over.</summary>
internal sealed class RecordingReducer : IGridReducer
{
    public List<(GridCombination Combination, SymbolMetrics[] Metrics)> Got { get; } = [];

    public void Accept(GridCombination combination, IReadOnlyList<SymbolMetrics> metrics) => Got.Add((combination, [.. metrics]));
}
