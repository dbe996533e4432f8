using Backtest.Data;
using Backtest.Engines;
using Backtest.Optimization;
using Backtest.Simulation;
using Backtest.Strategies.Language;
using Backtest.Strategies.Library;
using Backtest.Strategies.Reference;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Backtest.WalkForward;
using Xunit;

namespace Backtest.Tests.WalkForward;

public sealed class OutOfSampleTests
{
    private static readonly S3Settings Active = new() { Threshold = 2 };

    [Fact]
    public void The_test_window_trades_as_bt_run_on_the_warm_up_bars_before_it_and_the_window()
    {
        var series = RandomBars.Series("A", 900, seed: 11);
        var window = new BarRange(400, 700);
        var run = RunOne(series, window, Active.Instance, Active.Execution);

        // Independently: the reference engine on bars [400 - W, 700), W = 49.
        int w = Active.WarmupBars;
        var direct = S3Runs.RunSymbol(series.Slice(window.First - w, window.Count + w), Active);
        Assert.True(direct.Trades.Count > 3, "the case should trade");
        Assert.Equal(direct.Trades.Select(t => t with { EntryBar = t.EntryBar + window.First - w, ExitBar = t.ExitBar + window.First - w }), run.Trades);
        Assert.Equal(direct.Metrics.FinalValue, run.Metrics.FinalValue);
        Assert.All(run.Trades, t => Assert.InRange(t.EntryBar, window.First, window.End - 1));

        // The window's own curve: one value per test bar, starting flat at the capital.
        Assert.Equal(window.Count, run.Equity.Length);
        Assert.Equal(Active.Execution.Capital, run.Equity[0]);
        Assert.Equal(run.Metrics.FinalValue, run.Equity[^1]);
    }

    [Fact]
    public void With_fewer_than_W_bars_before_the_window_the_first_decision_waits_for_the_warm_up()
    {
        var series = RandomBars.Series("A", 300, seed: 12);
        var run = RunOne(series, new BarRange(10, 300), Active.Instance, Active.Execution);
        var direct = S3Runs.RunSymbol(series, Active);
        Assert.Equal(direct.Trades, run.Trades);
        Assert.All(run.Trades, t => Assert.True(t.EntryBar > Active.WarmupBars));
    }

    private static OutOfSampleRun RunOne(BarSeries series, BarRange window, StrategyInstance strategy, StrategyParameters execution) =>
        OutOfSampleRun.Run(new SimdEngine(), [(series, window)], strategy, execution, _ => 98_280, cancellationToken: TestContext.Current.CancellationToken)[0];

    public static TheoryData<string, bool> Strategies => new()
    {
        { "s3", false }, { "sma_cross", false }, { "sma_cross", true }, { "rsi_reversion", false }, { "donchian_breakout", true }, { "macd_cross", false },
    };

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Every_bars_equity_of_a_window_is_the_reference_engines_on_the_same_bars(string name, bool protective)
    {
        // Windows of different lengths in one SIMD run (whole vectors and a tail of scalar lanes), each against the
        // reference engine's curve over its own slice: the evaluator and simulator of the oracle, bar by bar.
        // s3's default threshold trades too seldom on random bars to show much.
        var strategy = StrategyLibrary.Load(name).Instantiate(name == "s3" ? new Dictionary<string, double> { ["threshold"] = 2 } : []);
        var execution = protective ? StrategyParameters.Default with { StopLossPct = 1.5, TakeProfitPct = 2, MaxHoldBars = 60 } : StrategyParameters.Default;
        int w = strategy.Graph.FirstDecisionBarIndex;
        var tests = Enumerable.Range(0, 11).Select(i =>
        {
            var series = RandomBars.Series($"S{i}", 700 + 37 * i, seed: 60 + i);
            return (series, new BarRange(Math.Min(w + 13 * i, 300), series.Count - 5 * i));
        }).ToArray();
        var runs = OutOfSampleRun.Run(new SimdEngine(), tests, strategy, execution, _ => 98_280, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(tests.Length, runs.Count);
        int traded = 0;
        for (int i = 0; i < tests.Length; i++)
        {
            var (series, window) = tests[i];
            int sliceStart = Math.Max(0, window.First - w);
            var slice = series.Slice(sliceStart, window.End - sliceStart);
            var reference = ReferenceSimulator.Run(slice, ReferenceEvaluator.Rules(strategy.Graph, slice), w, execution);
            var run = runs[i];
            Assert.Equal(series.Symbol, run.Symbol);
            Assert.Equal(reference.Equity.AsSpan(window.First - sliceStart).ToArray(), run.Equity);
            Assert.Equal(reference.Trades.Select(t => t with { EntryBar = t.EntryBar + sliceStart, ExitBar = t.ExitBar + sliceStart }), run.Trades);
            Assert.Equal(reference.BarsInMarket, run.BarsInMarket);
            traded += run.Trades.Count;
        }
        Assert.True(traded > 20, $"the case should trade ({traded} trades)");
    }

    [Fact]
    public void Stitching_compounds_each_fold_from_where_the_previous_one_ended()
    {
        var stitched = new StitchedEquity("A", 100_000);
        stitched.Append(Run([100_000, 101_000, 110_000]), [1, 2, 3]);
        stitched.Append(Run([100_000, 99_000, 105_000]), [4, 5, 6]);
        double[] expected = [100_000, 101_000, 110_000, 110_000, 108_900, 115_500];
        Assert.Equal(expected.Length, stitched.Equity.Count);
        for (int k = 0; k < expected.Length; k++) Assert.Equal(expected[k], stitched.Equity[k], 1e-9 * expected[k]);
        Assert.Equal([1L, 2, 3, 4, 5, 6], stitched.Times);
        Assert.Equal(2, stitched.Folds);

        var m = stitched.Metrics(252);
        Assert.Equal(115_500, m.FinalValue, 1e-9);
        Assert.Equal(15.5, m.TotalReturnPct, 1e-9);
        Assert.Equal(1_100, m.MaxDrawdown, 1e-9);
        Assert.Equal(1.0, m.MaxDrawdownPct, 1e-9);
    }

    private static OutOfSampleRun Run(double[] equity) =>
        new("A", new BarRange(0, equity.Length), equity, [], 0, new Backtest.Metrics.SymbolMetrics());

    [Fact]
    public void The_stitched_buy_and_hold_and_cagr_run_from_the_first_folds_first_bar_to_the_last_folds_last()
    {
        // Fold 1: closes 50 .. 55 over [0, 1 year); fold 2: 60 .. 75 ending at 2 years. Buy and hold 100·(75/50 − 1) = 50.
        // Equity 100,000 → 121,000 over 2 years: CAGR 100·(1.21^(1/2) − 1) = 10.
        const long Year = (long)(365.25 * 86_400_000);
        var stitched = new StitchedEquity("A", 100_000);
        stitched.Append(Run([100_000, 110_000]) with { Span = new Backtest.Metrics.SeriesSpan(50, 55, 0, Year / 2) }, [0, Year / 2]);
        stitched.Append(Run([100_000, 110_000]) with { Span = new Backtest.Metrics.SeriesSpan(60, 75, Year, 2 * Year) }, [Year, 2 * Year]);
        var m = stitched.Metrics(252);
        Assert.Equal(50, m.BuyHoldReturnPct, 1e-9);
        Assert.NotNull(m.CagrPct);
        Assert.Equal(10, m.CagrPct!.Value, 1e-9);
    }

    [Fact]
    public void Bars_after_a_folds_test_window_do_not_change_anything_that_fold_reports()
    {
        // 4 symbols of 10-minute bars over about 10 days; rolling 3-day train, 2-day test.
        var original = Enumerable.Range(0, 4).Select(i => RandomBars.Series($"S{i}", 1400, seed: 40 + i, spacingMs: 600_000)).ToArray();
        var grid = new ParameterGrid(GridPoint.S3(StrategyParameters.Default), [
            GridSpecParser.Parse("sma-fast=5,10,20", Backtest.Tests.Optimization.S3Grid.Parameters, 100, out _)!,
            GridSpecParser.Parse("threshold=1,2,3", Backtest.Tests.Optimization.S3Grid.Parameters, 100, out _)!,
        ]);
        WalkForwardReport Walk(BarSeries[] series, bool perSymbol) => WalkForwardService.Run(new WalkForwardRequest
        {
            Engine = new SimdEngine(), Series = series, Grid = grid, TrainDays = 3, TestDays = 2, BestPerSymbol = perSymbol,
        }, TestContext.Current.CancellationToken).Report!;

        foreach (bool perSymbol in new[] { false, true })
        {
            var before = Walk(original, perSymbol);
            var fold1 = before.Folds[0];
            Assert.Null(fold1.Skipped);
            Assert.True(before.Folds.Count >= 3);

            // Every bar at or after fold 1's test end replaced by another walk (scaled up, so later folds do change).
            var changed = original.Select((s, i) => Tampered(s, fold1.Fold.TestEnd, seed: 90 + i)).ToArray();
            var after = Walk(changed, perSymbol);
            var again = after.Folds[0];

            Assert.Equal(fold1.Fold, again.Fold);
            Assert.Equal(fold1.Chosen?.Index, again.Chosen?.Index);
            Assert.Equal(fold1.InSample, again.InSample);
            Assert.Equal(fold1.OutOfSample, again.OutOfSample);
            Assert.Equal(fold1.Symbols.Select(s => (s.Combination.Index, s.InSample)), again.Symbols.Select(s => (s.Combination.Index, s.InSample)));
            Assert.Equal(fold1.Symbols.Select(s => s.OutOfSample!.Metrics), again.Symbols.Select(s => s.OutOfSample!.Metrics));
            Assert.NotEqual(before.Stitched.Select(s => s.Metrics.FinalValue), after.Stitched.Select(s => s.Metrics.FinalValue));
        }
    }

    private static BarSeries Tampered(BarSeries s, long from, int seed)
    {
        var other = RandomBars.Series(s.Symbol, s.Count, seed);
        int k0 = BarRange.Of(s, from, long.MaxValue).First;
        double[] Mix(double[] mine, double[] theirs) => [.. mine.Take(k0), .. theirs.Skip(k0).Select(v => v * 3)];
        return new BarSeries(s.Symbol, s.Times, Mix(s.Open, other.Open), Mix(s.High, other.High), Mix(s.Low, other.Low), Mix(s.Close, other.Close), s.Volume);
    }
}
