using Backtest.Engines;
using Backtest.Optimization;
using Backtest.Runs;
using Backtest.Strategies.Language;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Strategy;

/// <summary>
/// Periods up to int.MaxValue are valid where a file's range allows them (strategies.md §5 only asks ≥ 1): the
/// first decision bar W then passes int.MaxValue and must be counted exactly, so that every series is skipped as
/// too short instead of running with an overflowed W.
/// </summary>
public sealed class HugePeriodTests
{
    /// <summary>A strategy whose period may reach int.MaxValue.</summary>
    private static StrategyDefinition Huge(string indicator) => StrategyCompiler.Parse(
        $"""
        param n = 20 in 1..2147483647
        buy when {indicator} > 0
        """, "huge.bt");

    [Theory]
    [InlineData("sma(close, n)", 2147483647, 2_147_483_646L + 2)]                // W = n − 1
    [InlineData("rsi(close, n)", 2147483647, 2_147_483_647L + 2)]                // W = n
    [InlineData("ema(sma(close, n), n)", 2147483647, 2_147_483_646L * 2 + 2)]    // W = 2n − 2, beyond int
    [InlineData("macd(close, 1, n, n).signal", 2147483647, 2_147_483_646L * 2 + 2)]
    public void A_run_skips_every_series_as_too_short_on_every_engine(string indicator, int n, long minimumBars)
    {
        var strategy = Huge(indicator).Instantiate(new Dictionary<string, double> { ["n"] = n });
        Assert.Equal(minimumBars, strategy.Graph.MinimumBars);
        foreach (var engine in new IBacktestEngine[] { new ReferenceEngine(), new SimdEngine() })
        {
            var outcome = BacktestRunService.Run(new RunRequest
            {
                Load = new Backtest.Data.LoadResult { Series = [RandomBars.Series("AAA", 300, 1)], Issues = [], Stats = [], Skipped = [], Source = "x" },
                Parameters = StrategyParameters.Default,
                Strategy = strategy,
                Engine = engine,
            }, TestContext.Current.CancellationToken);
            Assert.False(outcome.Succeeded, engine.Name);
            var skipped = Assert.Single(outcome.Report.Skipped);
            Assert.Equal($"too few bars for the warm-up: 300 bars, at least {minimumBars} needed", skipped.Reason);
        }
    }

    [Fact]
    public void An_optimization_whose_grid_holds_a_huge_period_skips_every_symbol_as_too_short()
    {
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), [GridSpecParser.Parse("macd-slow=26,1000000", Backtest.Tests.Optimization.S3Grid.Parameters, 1000, out _)!]);
        var outcome = OptimizationService.Run(
            new OptimizationRequest { Engine = new SimdEngine(), Series = [RandomBars.Series("A", 500, 1)], Grid = grid }, TestContext.Current.CancellationToken);
        Assert.Null(outcome.Report);
        Assert.Contains("at least 1000009 needed", outcome.FailureReason, StringComparison.Ordinal);
    }
}
