using Backtest.Optimization;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class ParameterGridTests
{
    private static GridAxis Axis(string spec) => GridSpecParser.Parse(spec, Backtest.Tests.Optimization.S3Grid.Parameters, 1000, out _)!;

    [Fact]
    public void The_product_runs_the_last_axis_fastest_over_the_fixed_parameters()
    {
        var fixedParameters = StrategyParameters.Default with { FeeBps = 3 };
        var grid = new ParameterGrid(GridPoint.S3(fixedParameters), [Axis("sma-fast=5,10"), Axis("threshold=4,5,6")]);
        Assert.Equal(6, grid.Count);
        var all = Enumerable.Range(0, 6).Select(i => grid.At(i)).ToArray();
        Assert.Equal([5, 5, 5, 10, 10, 10], all.Select(p => p.Values["sma_fast"]));
        Assert.Equal([4, 5, 6, 4, 5, 6], all.Select(p => p.Values["threshold"]));
        Assert.All(all, p => Assert.Equal(3, p.Execution.FeeBps));
        Assert.Equal([1, 2], grid.Coordinates(5));
    }

    [Fact]
    public void Invalid_combinations_are_skipped_and_counted_in_grid_order()
    {
        // (10,20) (10,30) (20,20)x (20,30) (30,20)x (30,30)x: fast must be below slow.
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), [Axis("sma-fast=10,20,30"), Axis("sma-slow=20,30")]);
        var skipped = new SkipCounter();
        var valid = grid.Valid(skipped).ToArray();
        Assert.Equal([0, 1, 3], valid.Select(c => c.Index));
        Assert.Equal([(10, 20), (10, 30), (20, 30)], valid.Select(c => ((int)c.Point.Values["sma_fast"], (int)c.Point.Values["sma_slow"])));
        Assert.Equal(3, skipped.Count);
        Assert.Equal(2, skipped.FirstIndex);
        Assert.Equal("sma_fast must be below sma_slow (sma_fast = 20, sma_slow = 20)", skipped.FirstReason);
    }

    [Fact]
    public void An_axis_can_be_made_to_vary_fastest_keeping_each_combinations_grid_index()
    {
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), [Axis("threshold=1,2"), Axis("sma-fast=5,10,15")]);
        var skipped = new SkipCounter();
        var order = grid.Valid(skipped, fastestAxis: 0).ToArray();
        Assert.Equal([0, 3, 1, 4, 2, 5], order.Select(c => c.Index));
        Assert.All(order, c => Assert.Equal(grid.At(c.Index).Values, c.Point.Values));
        Assert.Equal(grid.Valid(new SkipCounter()).Select(c => c.Index), order.Select(c => c.Index).Order());
    }

    [Fact]
    public void The_first_skipped_combination_is_the_first_in_grid_order_whatever_the_enumeration()
    {
        // (30,50) (30,20)x (60,50)x (60,20)x; with sma-fast fastest the order is 0, 2, 1, 3: index 2 is met before 1.
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), [Axis("sma-fast=30,60"), Axis("sma-slow=50,20")]);
        var skipped = new SkipCounter();
        Assert.Equal([0], grid.Valid(skipped, fastestAxis: 0).Select(c => c.Index));
        Assert.Equal(3, skipped.Count);
        Assert.Equal(1, skipped.FirstIndex);
        Assert.Equal("sma_fast must be below sma_slow (sma_fast = 30, sma_slow = 20)", skipped.FirstReason);
    }

    [Fact]
    public void A_grid_without_axes_is_the_fixed_parameters_once()
    {
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), []);
        Assert.Equal(1, grid.Count);
        var point = grid.FirstValid()!.Value.Point;
        Assert.Equal(StrategyParameters.Default, point.Execution);
        Assert.Equal(S3Strategy.Definition.Values(new Dictionary<string, double>()), point.Values);
    }

    [Fact]
    public void The_combinations_are_made_as_they_are_enumerated()
    {
        // 20^4 = 160,000 combinations: taking three makes three.
        var axes = new[] { "sma-fast=1:20:1", "sma-slow=21:40:1", "rsi-period=1:20:1", "bb-period=1:20:1" }.Select(Axis).ToArray();
        int made = 0;
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), axes, p => { made++; return p.Problems(); });
        Assert.Equal(160_000, grid.Count);
        Assert.Equal([0, 1, 2], grid.Valid(new SkipCounter()).Take(3).Select(c => c.Index));
        Assert.Equal(3, made);
    }

    [Fact]
    public void Every_parameter_of_the_strategy_and_every_numeric_execution_setting_can_be_varied()
    {
        var point = GridPoint.S3(StrategyParameters.Default);
        foreach (var parameter in S3Grid.Parameters)
        {
            double value = parameter.IsInteger ? 7 : 0.5;
            var p = parameter.With(point, value);
            Assert.Equal(value, parameter.Get(p));
            Assert.NotEqual(value, parameter.Get(point));
            Assert.Equal(parameter, GridParameters.Find(S3Grid.Parameters, parameter.Name));
            Assert.Equal(parameter, GridParameters.Find(S3Grid.Parameters, "--" + parameter.JsonName.ToUpperInvariant()));
        }
        // s3's 15 parameters, then the 9 numeric execution settings.
        Assert.Equal(["sma-fast", "sma-slow", "rsi-period", "rsi-low", "rsi-high", "bb-period", "bb-k", "macd-fast", "macd-slow", "macd-signal",
            "w-trend", "w-rsi", "w-bb", "w-macd", "threshold", "capital", "position-size", "fee-fixed", "fee-bps", "slippage-bps",
            "stop-loss-pct", "take-profit-pct", "max-hold-bars", "periods-per-year"], S3Grid.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void A_grid_over_another_strategy_varies_its_own_parameters_and_checks_its_requirements()
    {
        var smaCross = Backtest.Strategies.Library.StrategyLibrary.Find("sma_cross")!;
        var parameters = GridParameters.For(smaCross);
        Assert.Equal(["fast", "slow", "capital"], parameters.Take(3).Select(p => p.Name));
        var axis = GridSpecParser.Parse("fast=10,30,50", parameters, 100, out string? error)!;
        Assert.Null(error);
        var point = new GridPoint(smaCross, smaCross.Values(new Dictionary<string, double>()), StrategyParameters.Default);
        var grid = new ParameterGrid(point, [axis]);
        var skipped = new SkipCounter();
        var valid = grid.Valid(skipped).ToArray();
        // slow is 40: fast = 50 breaks "require fast < slow".
        Assert.Equal([10.0, 30.0], valid.Select(c => c.Point.Values["fast"]));
        Assert.Equal(1, skipped.Count);
        Assert.Contains("fast must be below slow", skipped.FirstReason, StringComparison.Ordinal);
        Assert.Null(GridSpecParser.Parse("sma-fast=10", parameters, 100, out error));
        Assert.Contains("the parameters are fast, slow, capital", error, StringComparison.Ordinal);
    }
}
