using System.Diagnostics;
using Backtest.Data;
using Backtest.Runs;

namespace Backtest.Optimization;

/// <summary>
/// Optimizes a grid over series: every valid combination on every series long enough for the grid's
/// longest warm-up (so that every combination is ranked over the same symbols), on the request's engine's
/// evaluator (<see cref="IGridEngine.Evaluator"/>), reduced as it runs (<see cref="OptimizationReducer"/>). Writing and printing are left to the caller.
/// </summary>
public static class OptimizationService
{
    public static OptimizationOutcome Run(OptimizationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var grid = request.Grid;

        // A first pass over the grid (parameter sets only, no bars): the longest warm-up among valid combinations.
        long minimumBars = 0;
        int valid = 0;
        foreach (var c in grid.Valid(new SkipCounter()))
        {
            minimumBars = Math.Max(minimumBars, MinimumBars(c.Point));
            valid++;
        }
        if (valid == 0)
        {
            string first = grid.Count > 0 ? $"; the first: {string.Join(" ", grid.Problems(0))}" : "";
            return new OptimizationOutcome(null, $"every one of the {grid.Count} combinations of the grid is invalid{first}");
        }

        var runnable = new List<BarSeries>(request.Series.Count);
        var skipped = new List<SkippedSymbol>();
        foreach (var s in request.Series)
        {
            if (s.Count >= minimumBars) runnable.Add(s);
            else skipped.Add(new SkippedSymbol(s.Symbol, BacktestRunService.TooFewBars(s.Count, minimumBars) + " (the grid's longest warm-up)"));
        }
        if (runnable.Count == 0)
        {
            string firstSkip = skipped.Count > 0 ? $"; {skipped[0].Symbol}: {skipped[0].Reason}" : "";
            return new OptimizationOutcome(null, $"no symbol could be optimized: all {skipped.Count} were too short{firstSkip}");
        }

        long started = Stopwatch.GetTimestamp();
        using var evaluator = request.Engine.Evaluator(runnable, grid, request.Precision, request.MaxDegreeOfParallelism);
        double panelMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var reducer = new OptimizationReducer(evaluator.Symbols, request.Metric, request.BestPerSymbol);
        var skippedCombinations = new SkipCounter();
        // In the order the evaluator runs best; the ranking does not depend on the order results arrive in.
        evaluator.Evaluate(grid.Valid(skippedCombinations, evaluator.FastestAxis(grid)), reducer, cancellationToken);
        double elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        var report = new OptimizationReport
        {
            Metric = request.Metric,
            BestPerSymbol = request.BestPerSymbol,
            Grid = grid,
            Engine = evaluator.Engine,
            Precision = request.Precision,
            Ranked = reducer.Ranked(),
            SymbolBests = reducer.SymbolBests,
            SkippedCombinations = skippedCombinations,
            Series = runnable,
            SkippedSymbols = skipped,
            Bars = evaluator.Bars,
            DistinctRuns = evaluator.DistinctRuns,
            TileRuns = evaluator.TileRuns,
            TileRunsOnSharedIndicators = evaluator.TileRunsOnSharedParts,
            ElapsedMs = elapsedMs,
            PanelMs = panelMs,
        };
        return new OptimizationOutcome(report, null);
    }

    /// <summary>The fewest bars with which <paramref name="point"/> can take a decision (its strategy's warm-up plus two).</summary>
    private static long MinimumBars(GridPoint point) => point.Instantiate().Graph.MinimumBars;
}
