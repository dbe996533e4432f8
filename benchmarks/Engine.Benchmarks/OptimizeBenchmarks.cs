using BenchmarkDotNet.Attributes;
using Backtest.Benchmarking;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Optimization;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Benchmarks;

/// <summary>
/// Issue 5's optimize workload: 1,000 combinations (sma-fast 4..40 x bb-k 1.5..2.4 x rsi-period 8..26, all
/// valid and distinct) x 100 symbols x 16,380 one-minute bars of the synthetic universe: 1.64 billion
/// bar-evaluations, reduced as they are produced. The baseline is the plain loop an optimizer would write
/// on the engine's public API: one wide panel, one SimdEngine.Run per combination on all cores. Each run
/// takes seconds, so a short job: one launch, one warm-up, five measured iterations.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class OptimizeBenchmarks
{
    private BarSeries[] _series = [];
    private GridCombination[] _combinations = [];
    private BarPanel<double>? _panel;
    private readonly SimdEngine _simd = new();

    [Params(100)]
    public int Symbols { get; set; }

    [Params(16380)]
    public int Bars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _series = [.. Enumerable.Range(0, Symbols).Select(i => SyntheticPanels.Series(Symbols, Bars, i))];
        _panel = BarPanel<double>.FromSeries(_series);
        var axes = new[] { "sma-fast=4:40:4", "bb-k=1.5:2.4:0.1", "rsi-period=8:26:2" }
            .Select(spec => GridSpecParser.Parse(spec, GridParameters.For(S3Strategy.Definition), 1000, out _)!)
            .ToArray();
        _combinations = [.. new ParameterGrid(GridPoint.S3(StrategyParameters.Default), axes).Valid(new SkipCounter())];
        if (_combinations.Length != 1000) throw new InvalidOperationException($"{_combinations.Length} combinations, not 1,000.");
    }

    [GlobalCleanup]
    public void Cleanup() => _panel?.Dispose();

    [Benchmark(Baseline = true)]
    public double RunPerCombination_f64()
    {
        var reducer = new OptimizationReducer([.. _series.Select(s => s.Symbol)], OptimizationMetric.Default, bestPerSymbol: false);
        foreach (var c in _combinations)
            reducer.Accept(c, [.. _simd.Run(_panel!, c.Point.Instantiate(), c.Point.Execution).Select(r => r.Metrics)]);
        return reducer.Ranked()[0].Mean ?? 0;
    }

    [Benchmark]
    public double GridEvaluator_f64() => Evaluate(Precision.F64);

    [Benchmark]
    public double GridEvaluator_f32() => Evaluate(Precision.F32);

    // The whole of `bt optimize`'s compute: tiles laid out, the grid evaluated and reduced.
    private double Evaluate(Precision precision)
    {
        var reducer = new OptimizationReducer([.. _series.Select(s => s.Symbol)], OptimizationMetric.Default, bestPerSymbol: false);
        using var evaluator = new GraphGridEvaluator(_series, precision);
        evaluator.Evaluate(_combinations, reducer);
        return reducer.Ranked()[0].Mean ?? 0;
    }
}
