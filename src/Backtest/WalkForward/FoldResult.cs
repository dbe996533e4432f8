using Backtest.Optimization;

namespace Backtest.WalkForward;

/// <summary>
/// A fold's outcome: its windows, the chosen combination (with --select universe), the metric in and out of
/// sample over the symbols, and each symbol's part. <see cref="Skipped"/> says why a fold has no result
/// (no symbol long enough in its train window, no bar in its test window); its other parts are then empty.
/// </summary>
public sealed record FoldResult
{
    public required Fold Fold { get; init; }
    public string? Skipped { get; init; }

    /// <summary>The universe's best combination of the train window; null with --select symbol or when skipped.</summary>
    public GridCombination? Chosen { get; init; }

    public MetricSummary InSample { get; init; } = MetricSummary.Empty;
    public MetricSummary OutOfSample { get; init; } = MetricSummary.Empty;
    public IReadOnlyList<FoldSymbol> Symbols { get; init; } = [];

    /// <summary>Combinations evaluated and bar-evaluations of the fold's optimization.</summary>
    public int Combinations { get; init; }
    public long BarEvaluations { get; init; }
}
