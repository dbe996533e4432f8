using Backtest.Data;
using Backtest.Engines;

namespace Backtest.Optimization;

/// <summary>
/// A grid's outcome: every evaluated combination ranked, the best, the best per symbol when asked, what
/// was skipped, and the work done. <see cref="ElapsedMs"/> is compute time: laying out the bars
/// (<see cref="PanelMs"/>) and evaluating the grid, not loading or writing.
/// </summary>
public sealed record OptimizationReport
{
    public required OptimizationMetric Metric { get; init; }
    public required bool BestPerSymbol { get; init; }
    public required ParameterGrid Grid { get; init; }
    public required string Engine { get; init; }
    public required Precision Precision { get; init; }

    /// <summary>Evaluated combinations, best first.</summary>
    public required IReadOnlyList<CombinationSummary> Ranked { get; init; }

    public CombinationSummary? Best => Ranked.Count > 0 ? Ranked[0] : null;

    /// <summary>The best combination of each symbol (symbol order), with --select symbol.</summary>
    public IReadOnlyList<SymbolBest>? SymbolBests { get; init; }

    /// <summary>Invalid combinations passed over (count and the first one's reason).</summary>
    public required SkipCounter SkippedCombinations { get; init; }

    /// <summary>The evaluated series, in input order.</summary>
    public required IReadOnlyList<BarSeries> Series { get; init; }

    /// <summary>Series not evaluated (too short for the grid's longest warm-up), after the loader's own.</summary>
    public required IReadOnlyList<SkippedSymbol> SkippedSymbols { get; init; }

    /// <summary>Bars of every evaluated symbol, summed: one combination's bar-evaluations.</summary>
    public required long Bars { get; init; }

    /// <summary>
    /// Combinations actually run by the engine (every evaluated one: the graph walk runs each, sharing what they have in common).
    /// </summary>
    public required long DistinctRuns { get; init; }

    /// <summary>
    /// Runs of a set on one tile of symbols (<see cref="DistinctRuns"/> × tiles), and those of them that computed none of
    /// the comparisons they share with other sets, reading them as another run on the same tile recorded them.
    /// </summary>
    public long TileRuns { get; init; }

    /// <inheritdoc cref="TileRuns"/>
    public long TileRunsOnSharedIndicators { get; init; }

    /// <summary>Combinations × bars: every bar of every symbol, once per combination.</summary>
    public long BarEvaluations => Bars * Ranked.Count;

    public required double ElapsedMs { get; init; }
    public required double PanelMs { get; init; }

    /// <summary>Bar-evaluations per second of <see cref="ElapsedMs"/>; null when too short to measure.</summary>
    public double? BarEvaluationsPerSecond => ElapsedMs > 0 ? BarEvaluations / (ElapsedMs / 1000) : null;
}
