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
        // The built-in s3: its grids run here too, each combination bt run's.
        { "s3", "f64", 21 },
        { "s3", "f32", 21 },
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
            // The fee axis leaves the rules alone: every other combination reads them as recorded by its twin.
            Assert.True(evaluator.TileRunsOnSharedParts > 0, "combinations that differ only in fees should share their rules");
        }

        AssertEachIsItsOwnRun(series, precision, recorder, (int)grid.Count);
    }

    /// <summary>
    /// A strategy whose rules mix sub-expressions of one parameter, of the other, of both, and na-producing ones (a
    /// division by a range that can be zero, a square root of a negative, a cross): a grid over both shares some of a
    /// combination's comparisons with one set of others and some with another, so combinations read some comparisons
    /// and compute the rest; a comparison read as na must stay na (taken as false it would change the choice it makes).
    /// </summary>
    private static StrategyDefinition MixedStrategy() => StrategyCompiler.Parse(
        System.Text.Encoding.UTF8.GetBytes(string.Join('\n',
            "strategy mixed \"long and short on comparisons of two periods\"",
            "param n = 10 in 2..100",
            "param m = 20 in 2..100",
            "param k = 1.5 in 0..10",
            "position = (close - lowest(low, m)) / (highest(high, m) - lowest(low, m))",
            "buy when (close > sma(close, n) and rsi(close, m) < 60) or crossover(ema(close, n), sma(close, m))",
            // A comparison every combination shares, na about half the time (sqrt of a negative), deciding a choice that is
            // each combination's own (its branch reads all three parameters): read as false instead of na, it would change it.
            "    or (sqrt(close - sma(close, 20)) > 0.05 ? 50 : rsi(close, m) + n / 100 + k / 100) < 40",
            "sell when position > 0.9 or rsi(close, m) > 70",
            "short when close < sma(close, n) - k * stdev(close, n) and position < 0.5",
            "cover when crossover(close, sma(close, n)) or rsi(close, m) < 30")),
        "mixed.bt");

    /// <summary>s3's text with a comment added: not the built-in byte for byte, so its grid runs on the graph evaluator.</summary>
    private static StrategyDefinition S3Copy() => StrategyCompiler.Parse(
        [.. StrategyLibrary.Source(StrategyLibrary.DefaultName)!, .. System.Text.Encoding.UTF8.GetBytes("\n# a copy\n")], "s3_copy.bt");

    public static TheoryData<string, string> SharingCases() => new()
    {
        { "mixed", "f64" },
        { "mixed", "f32" },
        { "s3_copy", "f64" },
        { "s3_copy", "f32" },
    };

    [Theory]
    [MemberData(nameof(SharingCases))]
    public void Combinations_reading_comparisons_recorded_by_others_get_exactly_their_own_runs(string strategyName, string precisionName)
    {
        var strategy = strategyName == "mixed" ? MixedStrategy() : S3Copy();
        var precision = precisionName == "f32" ? Precision.F32 : Precision.F64;
        var point = new GridPoint(strategy, strategy.Values(new Dictionary<string, double>()), StrategyParameters.Default with { StopLossPct = 1.5 });
        GridAxis Axis(string name, params double[] values) => new(GridParameters.Find(GridParameters.For(strategy), name)!, values);
        var grid = strategyName == "mixed"
            ? new ParameterGrid(point, [Axis("n", 5, 10, 15), Axis("m", 14, 20, 30), Axis("k", 1, 2)])
            : new ParameterGrid(point, [Axis("sma_fast", 5, 10, 20), Axis("bb_k", 1.5, 2), Axis("rsi_period", 6, 14), Axis("threshold", 1, 4)]);
        var series = Series(13);
        var recorder = new RecordingReducer();
        using (var evaluator = new GraphGridEvaluator(series, precision, maxDegreeOfParallelism: 2))
        {
            evaluator.Evaluate(grid.Valid(new SkipCounter()), recorder, TestContext.Current.CancellationToken);
            // Most tile runs computed none of the comparisons they share: they read them.
            Assert.InRange(evaluator.TileRunsOnSharedParts, evaluator.TileRuns / 2, evaluator.TileRuns - 1);
        }

        AssertEachIsItsOwnRun(series, precision, recorder, (int)grid.Count);
    }

    [Fact]
    public void The_evaluator_reads_the_combinations_no_more_than_one_batch_ahead_of_the_reducer()
    {
        // 1,000 symbols: batches of 262 combinations. Bounded memory for any grid: the sequence is never drained.
        var series = Enumerable.Range(0, 1000).Select(i => RandomBars.Series($"S{i}", 60, seed: i)).ToArray();
        int batch = GraphGridEvaluator.BatchSize(series.Length);
        Assert.Equal(262, batch);
        int pulled = 0, accepted = 0, maxAhead = 0;
        IEnumerable<GridCombination> Lazy()
        {
            for (int i = 0; i < 600; i++)
            {
                pulled++;
                yield return new GridCombination(i, GridPoint.S3(StrategyParameters.Default, new Dictionary<string, double> { ["sma_slow"] = 21 + (i % 30), ["threshold"] = i % 5 }));
            }
        }

        using var evaluator = new GraphGridEvaluator(series, Precision.F64);
        evaluator.Evaluate(Lazy(), new CountingReducer(c =>
        {
            Assert.Equal(accepted++, c.Index);
            maxAhead = Math.Max(maxAhead, pulled - c.Index);
        }), TestContext.Current.CancellationToken);
        Assert.Equal(600, accepted);
        Assert.InRange(maxAhead, 1, batch);
    }

    [Fact]
    public void In_f32_s3_weights_summing_past_two_to_the_24_are_refused_and_beyond_s3s_ranges_by_its_file()
    {
        // s3's file bounds each weight by 10^6, so its grids never reach the bound: the rule is the engine's own.
        var heavy = new Dictionary<string, double> { ["w_trend"] = 1 << 24 };
        Assert.Null(KernelRules.PrecisionProblem(heavy, Precision.F64));
        Assert.Contains("16,777,216", KernelRules.PrecisionProblem(heavy, Precision.F32), StringComparison.Ordinal);
        Assert.Contains("parameter 'w_trend' = 16777216", Assert.Single(GraphGridEvaluator.Problems(GridPoint.S3(StrategyParameters.Default, heavy), Precision.F64)), StringComparison.Ordinal);
    }

    private sealed class CountingReducer(Action<GridCombination> onAccept) : IGridReducer
    {
        public void Accept(GridCombination combination, IReadOnlyList<SymbolMetrics> metrics) => onAccept(combination);
    }

    private static void AssertEachIsItsOwnRun(BarSeries[] series, Precision precision, RecordingReducer recorder, int combinations)
    {
        Assert.Equal(Enumerable.Range(0, combinations), recorder.Got.Select(g => g.Combination.Index));
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
