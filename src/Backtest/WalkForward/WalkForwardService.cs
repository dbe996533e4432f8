using System.Collections.Concurrent;
using System.Diagnostics;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Optimization;
using Backtest.Strategies.Language;

namespace Backtest.WalkForward;

/// <summary>
/// Walk-forward analysis: for each fold of <see cref="FoldPlan"/>, optimize the grid on the train window
/// (<see cref="OptimizationService"/> on the request's grid engine, on each series cut to the window), choose the best
/// combination (the universe's, or each symbol's), run it on the test window that follows with indicators
/// warmed up on the bars before it only (<see cref="OutOfSampleRun"/>), and chain every symbol's test-window
/// equity into one out-of-sample curve (<see cref="StitchedEquity"/>). Nothing a fold decides reads a bar
/// at or after its test window's end.
/// </summary>
public static class WalkForwardService
{
    public static WalkForwardOutcome Run(WalkForwardRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var series = request.Series.Where(s => s.Count > 0).ToArray();
        if (series.Length == 0) return new WalkForwardOutcome(null, "no series with bars to walk forward over");

        long first = series.Min(s => s.Times[0]), last = series.Max(s => s.Times[^1]);
        var folds = FoldPlan.Create(first, last, request.TrainDays, request.TestDays, request.StepDays ?? request.TestDays, request.Anchored);
        if (folds.Count == 0)
        {
            double spanDays = (last - first) / (double)FoldPlan.DayMs;
            return new WalkForwardOutcome(null,
                $"the data spans {spanDays:F1} days ({UnixTime.ToIso(first)} .. {UnixTime.ToIso(last)}), too short for a {request.TrainDays}-day train window followed by a test window");
        }

        long started = Stopwatch.GetTimestamp();
        var periodsPerYear = series.ToDictionary(s => s.Symbol, s => PeriodsPerYearInference.Infer(s.Times), StringComparer.Ordinal);
        var stitched = series.ToDictionary(s => s.Symbol, s => new StitchedEquity(s.Symbol, request.Grid.Base.Execution.Capital), StringComparer.Ordinal);
        var bySymbol = series.ToDictionary(s => s.Symbol, StringComparer.Ordinal);
        var results = new List<FoldResult>(folds.Count);
        foreach (var fold in folds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = RunFold(request, series, fold, periodsPerYear, cancellationToken);
            results.Add(result);
            foreach (var s in result.Symbols)
            {
                if (s.OutOfSample is not { } oos) continue;
                stitched[s.Symbol].Append(oos, bySymbol[s.Symbol].Times.AsSpan(oos.Window.First, oos.Window.Count));
            }
        }

        if (results.All(r => r.Skipped is not null))
            return new WalkForwardOutcome(null, $"no fold could run: fold 1: {results[0].Skipped}");

        var symbols = series
            .Select(s => stitched[s.Symbol])
            .Where(e => e.Folds > 0)
            .Select(e => new StitchedSymbol(e, e.Metrics(request.Grid.Base.Execution.PeriodsPerYear ?? periodsPerYear[e.Symbol])))
            .ToArray();
        var report = new WalkForwardReport
        {
            Request = request,
            Engine = request.Engine.Name,
            Folds = results,
            Stitched = symbols,
            StitchedSummary = MetricSummary.Of([.. symbols.Select(s => s.Metrics)], request.Metric),
            ElapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
        };
        return new WalkForwardOutcome(report, null);
    }

    private static FoldResult RunFold(
        WalkForwardRequest request, BarSeries[] series, Fold fold, Dictionary<string, double> periodsPerYear, CancellationToken cancellationToken)
    {
        var train = new List<BarSeries>();
        var tests = new List<(BarSeries Series, BarRange Window)>();
        foreach (var s in series)
        {
            var trainRange = BarRange.Of(s, fold.TrainStart, fold.TrainEnd);
            if (trainRange.Count > 0) train.Add(s.Slice(trainRange.First, trainRange.Count));
            var testRange = BarRange.Of(s, fold.TestStart, fold.TestEnd);
            if (testRange.Count > 0) tests.Add((s, testRange));
        }
        if (train.Count == 0) return new FoldResult { Fold = fold, Skipped = "no bars in the train window" };
        if (tests.Count == 0) return new FoldResult { Fold = fold, Skipped = "no bars in the test window" };

        var optimized = OptimizationService.Run(new OptimizationRequest
        {
            Series = train,
            Grid = request.Grid,
            Engine = request.Engine,
            Metric = request.Metric,
            BestPerSymbol = request.BestPerSymbol,
            Precision = request.Precision,
            MaxDegreeOfParallelism = request.MaxDegreeOfParallelism,
        }, cancellationToken);
        if (optimized.Report is not { } report) return new FoldResult { Fold = fold, Skipped = optimized.FailureReason };

        // The chosen combination of each symbol and its in-sample value of the metric.
        var chosen = new Dictionary<string, (GridCombination Combination, double? InSample)>(StringComparer.Ordinal);
        MetricSummary inSample;
        GridCombination? universe = null;
        if (request.BestPerSymbol)
        {
            foreach (var b in report.SymbolBests!) chosen[b.Symbol] = (b.Combination, b.Value);
            inSample = MetricSummary.Of([.. report.SymbolBests!.Select(b => b.Metrics)], request.Metric);
        }
        else
        {
            var best = report.Best!;
            universe = new GridCombination(best.Index, best.Point);
            // The chosen set once more on the train windows, for each symbol's own in-sample value (the optimization kept only aggregates).
            var again = request.Engine.Run(report.Series, best.Point.Instantiate(), best.Point.Execution, request.Precision, request.MaxDegreeOfParallelism, cancellationToken);
            for (int i = 0; i < again.Count; i++) chosen[again[i].Symbol] = (universe.Value, request.Metric.ValueOf(again[i].Metrics));
            inSample = MetricSummary.Of(best);
        }

        // The test windows of each chosen combination in one run of the grid engine: one for the universe's choice, one per
        // distinct choice of the symbols' own (those run side by side, a thread each).
        var groups = tests
            .Select(t => (Test: t, Combination: universe ?? (chosen.TryGetValue(t.Series.Symbol, out var c) ? c.Combination : (GridCombination?)null)))
            .Where(t => t.Combination is not null)
            .GroupBy(t => t.Combination!.Value.Index)
            .ToArray();
        var runs = new ConcurrentDictionary<string, OutOfSampleRun>(StringComparer.Ordinal);
        int threadsPerGroup = groups.Length == 1 ? request.MaxDegreeOfParallelism : 1;
        Parallel.ForEach(groups, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = request.MaxDegreeOfParallelism }, group =>
        {
            var point = group.First().Combination!.Value.Point;
            var windows = group.Select(g => g.Test).ToArray();
            var outOfSample = OutOfSampleRun.Run(request.Engine, windows, point.Instantiate(), point.Execution, symbol => periodsPerYear[symbol], threadsPerGroup, cancellationToken);
            foreach (var run in outOfSample) runs[run.Symbol] = run;
        });

        var symbols = new List<FoldSymbol>();
        foreach (var s in series)
        {
            bool hasRun = runs.TryGetValue(s.Symbol, out var run);
            bool optimizedHere = chosen.TryGetValue(s.Symbol, out var pick);
            if (!hasRun && !optimizedHere) continue;
            var combination = optimizedHere ? pick.Combination : universe!.Value;
            symbols.Add(new FoldSymbol(s.Symbol, combination, optimizedHere ? pick.InSample : null, run));
        }

        return new FoldResult
        {
            Fold = fold,
            Chosen = universe,
            InSample = inSample,
            OutOfSample = MetricSummary.Of([.. symbols.Where(s => s.OutOfSample is not null).Select(s => s.OutOfSample!.Metrics)], request.Metric),
            Symbols = symbols,
            Combinations = report.Ranked.Count,
            BarEvaluations = report.BarEvaluations,
        };
    }
}
