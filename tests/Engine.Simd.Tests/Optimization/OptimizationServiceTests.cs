using Backtest.Data;
using Backtest.Engines;
using Backtest.Optimization;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class OptimizationServiceTests
{
    private static GridAxis Axis(string spec) => GridSpecParser.Parse(spec, Backtest.Tests.Optimization.S3Grid.Parameters, 1000, out _)!;

    [Fact]
    public void The_best_universe_combination_is_the_one_with_the_best_mean_over_symbols_of_its_own_runs()
    {
        var series = Enumerable.Range(0, 9).Select(i => RandomBars.Series($"S{i}", 1500, seed: 7 + i)).ToArray();
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), [Axis("sma-fast=5,10,60"), Axis("threshold=1,3")]);
        var outcome = OptimizationService.Run(new OptimizationRequest { Engine = new SimdEngine(), Series = series, Grid = grid, BestPerSymbol = true }, TestContext.Current.CancellationToken);
        var report = outcome.Report!;

        // sma-fast 60 is not below sma-slow 50: two of six skipped.
        Assert.Equal(4, report.Ranked.Count);
        Assert.Equal(2, report.SkippedCombinations.Count);
        Assert.Equal(4L * series.Sum(s => s.Count), report.BarEvaluations);

        // Independently: each valid combination on the reference engine (f64 agrees to 1e-9, spec §6).
        var reference = new ReferenceEngine();
        var means = grid.Valid(new SkipCounter())
            .Select(c => (c.Index, Mean: reference.Run(series, c.Point.Instantiate(), c.Point.Execution, Precision.F64, TestContext.Current.CancellationToken).Average(r => r.Metrics.SharpeRatio)))
            .OrderByDescending(x => x.Mean)
            .ToArray();
        Assert.Equal(means[0].Index, report.Best!.Index);
        Assert.Equal(means[0].Mean, report.Best.Mean!.Value, 1e-9 * Math.Max(1, Math.Abs(means[0].Mean)));

        // Per symbol: the best of that symbol's own runs.
        foreach (var best in report.SymbolBests!)
        {
            var own = grid.Valid(new SkipCounter())
                .Select(c => (c.Index, reference.Run([series.Single(s => s.Symbol == best.Symbol)], c.Point.Instantiate(), c.Point.Execution, Precision.F64, TestContext.Current.CancellationToken)[0].Metrics.SharpeRatio))
                .MaxBy(x => x.SharpeRatio);
            Assert.Equal(own.Index, best.Combination.Index);
        }
    }

    [Fact]
    public void Series_shorter_than_the_longest_warm_up_of_the_grid_are_skipped_for_every_combination()
    {
        var series = new[] { RandomBars.Series("LONG", 400, seed: 1), RandomBars.Series("SHORT", 70, seed: 2) };
        // sma-slow 80: W = 79, at least 81 bars.
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), [Axis("sma-slow=50,80")]);
        var report = OptimizationService.Run(new OptimizationRequest { Engine = new SimdEngine(), Series = series, Grid = grid }, TestContext.Current.CancellationToken).Report!;
        Assert.Equal(["LONG"], report.Series.Select(s => s.Symbol));
        var skipped = Assert.Single(report.SkippedSymbols);
        Assert.Equal("SHORT", skipped.Symbol);
        Assert.Equal("too few bars for the warm-up: 70 bars, at least 81 needed (the grid's longest warm-up)", skipped.Reason);
    }

    [Fact]
    public void A_grid_of_invalid_combinations_only_fails_with_the_first_ones_problem()
    {
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), [Axis("sma-fast=50,60")]);
        var outcome = OptimizationService.Run(new OptimizationRequest { Engine = new SimdEngine(), Series = [RandomBars.Series("A", 100, 1)], Grid = grid }, TestContext.Current.CancellationToken);
        Assert.False(outcome.Succeeded);
        Assert.Equal("every one of the 2 combinations of the grid is invalid; the first: sma_fast must be below sma_slow (sma_fast = 50, sma_slow = 50)", outcome.FailureReason);
    }
}
