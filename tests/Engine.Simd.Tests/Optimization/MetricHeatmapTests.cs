using Backtest.Optimization;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class MetricHeatmapTests
{
    [Fact]
    public void Each_cell_holds_the_best_mean_over_the_other_axes_and_nan_where_nothing_was_evaluated()
    {
        // sma-fast (x) x sma-slow (y) x threshold: 10 ≥ 10 is invalid, so cell (10, 10) has nothing.
        var axes = new[] { "sma-fast=5,10", "sma-slow=10,20", "threshold=1,2" }.Select(s => GridSpecParser.Parse(s, Backtest.Tests.Optimization.S3Grid.Parameters, 10, out _)!).ToArray();
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), axes);
        var reducer = new OptimizationReducer(["A"], OptimizationMetric.Default, bestPerSymbol: false);
        foreach (var c in grid.Valid(new SkipCounter()))
            reducer.Accept(c, [new Backtest.Metrics.SymbolMetrics { SharpeRatio = c.Index }]); // the mean is the grid index
        var report = new OptimizationReport
        {
            Metric = OptimizationMetric.Default, BestPerSymbol = false, Grid = grid, Engine = "simd", Precision = Backtest.Engines.Precision.F64,
            Ranked = reducer.Ranked(), SkippedCombinations = new SkipCounter(), Series = [], SkippedSymbols = [], Bars = 0, DistinctRuns = 0, ElapsedMs = 0, PanelMs = 0,
        };

        var map = MetricHeatmap.From(report, "sma-fast", "sma-slow");
        // Index = 4·fast + 2·slow + threshold; the higher threshold (index + 1) is the better of each pair.
        Assert.Equal(1, map.Values[0, 0]);
        Assert.Equal(3, map.Values[0, 1]);
        Assert.True(double.IsNaN(map.Values[1, 0]));
        Assert.Equal(7, map.Values[1, 1]);
        Assert.Throws<ArgumentException>(() => MetricHeatmap.From(report, "sma-fast", "bb-k"));
    }
}
