using Backtest.Data;
using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Optimization;
using Backtest.Strategies.Language;
using Backtest.Strategies.Library;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class GraphGridEvaluatorTests
{
    // Ragged series (some shorter than the longer combinations' warm-up), with a volume that varies (obv reads it).
    private static BarSeries[] Series(int count) =>
        [.. Enumerable.Range(0, count).Select(i => WithVolume(RandomBars.Series($"S{i:D2}", 150 + (i * 131 % 900), seed: 300 + i)))];

    private static BarSeries WithVolume(BarSeries s) =>
        new(s.Symbol, s.Times, s.Open, s.High, s.Low, s.Close, [.. Enumerable.Range(0, s.Count).Select(k => 1000.0 + (k * 7919 % 5000))]);

    private static StrategyDefinition VolumeStrategy() => StrategyCompiler.Parse(
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n',
            "strategy obv_trend \"long while on-balance volume is above its average\"",
            "param n = 20 in 2..500",
            "o = obv()",
            "buy when o > sma(o, n)",
            "sell when o < sma(o, n)")),
        "obv_trend.bt");

    public static TheoryData<string, string, int> Cases() => new()
    {
        { "sma_cross", "f64", 21 },
        { "sma_cross", "f32", 3 },
        { "rsi_reversion", "f64", 21 },
        { "sma_cross", "f64", 2 },
        { "obv_trend", "f64", 21 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_combination_equals_the_SIMD_engines_run_of_its_values_in_grid_order(string strategyName, string precisionName, int symbols)
    {
        var strategy = strategyName == "obv_trend" ? VolumeStrategy() : StrategyLibrary.Find(strategyName)!;
        var precision = precisionName == "f32" ? Precision.F32 : Precision.F64;
        var first = strategy.Parameters[0];
        var values = first.IsInt ? new double[] { 3, 8, 13, 30 } : [20, 30, 40];
        var point = new GridPoint(strategy, strategy.Values(new Dictionary<string, double>()), StrategyParameters.Default with { StopLossPct = 2 });
        var grid = new ParameterGrid(point, [
            new GridAxis(GridParameters.Find(GridParameters.For(strategy), first.Name)!, values),
            new GridAxis(GridParameters.Find(GridParameters.Execution, "fee-bps")!, [0, 5]),
        ]);
        var series = Series(symbols);
        var recorder = new RecordingReducer();
        using (var evaluator = new GraphGridEvaluator(series, precision, maxDegreeOfParallelism: 2))
        {
            evaluator.Evaluate(grid.Valid(new SkipCounter()), recorder, TestContext.Current.CancellationToken);
            Assert.Equal(recorder.Got.Count, evaluator.DistinctRuns);
        }

        Assert.Equal(Enumerable.Range(0, (int)grid.Count), recorder.Got.Select(g => g.Combination.Index));
        var engine = new SimdEngine(maxDegreeOfParallelism: 1);
        int traded = 0;
        foreach (var (combination, metrics) in recorder.Got)
        {
            var direct = engine.Run(series, combination.Point.Instantiate(), combination.Point.Execution, precision, TestContext.Current.CancellationToken);
            for (int i = 0; i < series.Length; i++)
                Assert.True(direct[i].Metrics == metrics[i], $"combination {combination.Index}, {series[i].Symbol}: {metrics[i]} instead of {direct[i].Metrics}");
            traded += direct.Sum(d => d.Metrics.Trades);
        }
        Assert.True(traded > 0, "the case should trade");
    }
}
