using Backtest.Data;
using Backtest.Engines;
using Backtest.Lanes;
using Backtest.Metrics;
using Backtest.Optimization;
using Backtest.Panel;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class SimdGridEvaluatorTests
{
    // 37 ragged series (not a whole number of vectors, so the narrower tail vectors run too), some shorter than others' warm-up.
    private static BarSeries[] Universe() =>
        [.. Enumerable.Range(0, 37).Select(i => RandomBars.Series($"S{i:D2}", 200 + (i * 97 % 1500), seed: 100 + i))];

    private static GridCombination[] Sets() =>
    [
        new(0, GridPoint.S3(StrategyParameters.Default with { Threshold = 2 })),
        new(1, GridPoint.S3(StrategyParameters.Default with { SmaFast = 5, SmaSlow = 30, Threshold = 1, Fill = FillMode.Close })),
        new(2, GridPoint.S3(StrategyParameters.Default with { BbK = 1.5, Threshold = 3, StopLossPct = 0.5, TakeProfitPct = 0.8 })),
        new(3, GridPoint.S3(StrategyParameters.Default with { RsiPeriod = 7, Threshold = 0, MaxHoldBars = 10, FeeBps = 5, SlippageBps = 2 })),
    ];

    [Theory]
    [InlineData(Precision.F64)]
    [InlineData(Precision.F32)]
    public void Every_combination_equals_the_simd_engine_run_on_the_series_exactly(Precision precision)
    {
        var series = Universe();
        var recorder = new RecordingReducer();
        using (var evaluator = new SimdGridEvaluator(series, precision))
        {
            Assert.Equal(series.Select(s => s.Symbol), evaluator.Symbols);
            evaluator.Evaluate(Sets(), recorder, TestContext.Current.CancellationToken);
        }

        Assert.Equal([0, 1, 2, 3], recorder.Got.Select(g => g.Combination.Index));
        int trading = 0;
        foreach (var (combination, metrics) in recorder.Got)
        {
            var direct = HandKernel(series, combination.Point.S3Parameters, precision);
            for (int i = 0; i < series.Length; i++)
            {
                Assert.Equal(direct[i].Metrics, metrics[i]);
                if (metrics[i].Trades > 0) trading++;
            }
        }
        Assert.True(trading > 40, $"the case should trade: {trading} symbol-runs traded");
    }

    /// <summary>
    /// 192 sets over axes that share indicators in every way and some that must not be shared: W (a slower
    /// SMA), a zero RSI weight on the sets first in order (those that record the RSI parts), an rsi_low above
    /// 50 (flat prices, of which the series have runs, then score RSI), fills, stops and time exits.
    /// </summary>
    private static GridCombination[] SharingSets()
    {
        var sets = new List<GridCombination>();
        foreach (int wRsi in new[] { 0, 2 })
            foreach (int slow in new[] { 30, 50 })
                foreach (int fast in new[] { 5, 10 })
                    foreach (double rsiLow in new[] { 30.0, 55.0 })
                        foreach (int rsiPeriod in new[] { 6, 14 })
                            foreach (double k in new[] { 1.5, 2.0 })
                                foreach (int variant in new[] { 0, 1, 2 })
                                {
                                    var p = StrategyParameters.Default with
                                    {
                                        WRsi = wRsi, SmaSlow = slow, SmaFast = fast, RsiLow = rsiLow, RsiPeriod = rsiPeriod, BbK = k, Threshold = 2,
                                    };
                                    // Variant 2 enters at −3: on flat bars (trend −3, bands 0, MACD −2) only when a flat RSI scores.
                                    p = variant switch
                                    {
                                        1 => p with { Fill = FillMode.Close, Threshold = 1, StopLossPct = 0.5, TakeProfitPct = 0.8, MaxHoldBars = 10 },
                                        2 => p with { Threshold = -4, MaxHoldBars = 5 },
                                        _ => p,
                                    };
                                    sets.Add(new GridCombination(sets.Count, GridPoint.S3(p)));
                                }
        return [.. sets];
    }

    private static BarSeries FlatStart(BarSeries s, int bars)
    {
        double[] Flat(double[] values) => [.. values.Select((v, k) => k < bars ? s.Close[0] : v)];
        return new BarSeries(s.Symbol, s.Times, Flat(s.Open), Flat(s.High), Flat(s.Low), Flat(s.Close), s.Volume);
    }

    [Theory]
    [InlineData(Precision.F64)]
    [InlineData(Precision.F32)]
    public void Sets_walking_on_score_parts_recorded_by_others_get_exactly_their_own_engine_results(Precision precision)
    {
        // Some series open with 70 unchanged closes: RSI's averages are both zero up to bar 70 (a single change makes them
        // positive for good), so an RSI of 50 scores there under rsi_low 55.
        var series = Universe().Select((s, i) => i % 4 == 0 && s.Count > 200 ? FlatStart(s, 70) : s).ToArray();
        var sets = SharingSets();
        var recorder = new RecordingReducer();
        using var evaluator = new SimdGridEvaluator(series, precision);
        evaluator.Evaluate(sets, recorder, TestContext.Current.CancellationToken);

        // Most tile runs computed no indicator: they walked on parts that other sets recorded.
        Assert.InRange(evaluator.TileRunsOnSharedParts, evaluator.TileRuns / 2, evaluator.TileRuns - 1);
        int trading = 0;
        foreach (var (combination, metrics) in recorder.Got)
        {
            var direct = HandKernel(series, combination.Point.S3Parameters, precision);
            for (int i = 0; i < series.Length; i++)
            {
                Assert.True(direct[i].Metrics == metrics[i], $"set {combination.Index} ({combination.Point.S3Parameters}), {series[i].Symbol}: {metrics[i]} instead of {direct[i].Metrics}");
                if (metrics[i].Trades > 0) trading++;
            }
        }
        Assert.True(trading > sets.Length * 10, $"the sets should trade: {trading} symbol-runs traded");
    }

    [Theory]
    [InlineData(Precision.F64)]
    [InlineData(Precision.F32)]
    public void Thresholds_between_the_same_two_possible_scores_run_once_and_each_still_gets_exactly_its_own_result(Precision precision)
    {
        // With the default weights the score is one of ±12, ±9, ±8, ±6, ±5, ±4, ±3, ±2, ±1, 0 (7, 10 and 11 cannot
        // occur): 1, 1.5 and 1.99 decide alike, 6 and 7 alike, 9 and 11 alike, 12, 20 and 1e6 never enter, and -13,
        // -20 enter and exit at every chance; 2 and -12 are each their own.
        double[] thresholds = [1, 1.5, 1.99, 2, 6, 7, 9, 11, 12, 20, 1e6, -12, -13, -20];
        var series = Universe();
        var sets = thresholds.Select((t, i) => new GridCombination(i, GridPoint.S3(StrategyParameters.Default with { Threshold = t, Fill = FillMode.Close }))).ToArray();
        var recorder = new RecordingReducer();
        using var evaluator = new SimdGridEvaluator(series, precision);
        evaluator.Evaluate(sets, recorder, TestContext.Current.CancellationToken);
        Assert.Equal(7, evaluator.DistinctRuns);

        foreach (var (combination, metrics) in recorder.Got)
        {
            var direct = HandKernel(series, combination.Point.S3Parameters, precision);
            Assert.Equal(direct.Select(r => r.Metrics), metrics);
        }
        Assert.Contains(recorder.Got, g => g.Metrics.Any(m => m.Trades > 0));
        Assert.Equal(
            [1, 1, 1, 2, 6, 6, 9, 9, 12, 12, 12, -12, -13, -13],
            thresholds.Select(t => EquivalentParameters.Canonical(StrategyParameters.Default with { Threshold = t }).Threshold));
        Assert.Equal([-12, -9, -8, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 8, 9, 12], EquivalentParameters.PossibleScores(StrategyParameters.Default));
    }

    [Fact]
    public void The_evaluator_reads_the_combinations_no_more_than_one_batch_ahead_of_the_reducer()
    {
        // 1,000 symbols: batches of 262 combinations. Bounded memory for any grid: the sequence is never drained.
        var series = Enumerable.Range(0, 1000).Select(i => RandomBars.Series($"S{i}", 60, seed: i)).ToArray();
        int batch = SimdGridEvaluator.BatchSize(series.Length);
        Assert.Equal(262, batch);
        int pulled = 0, accepted = 0, maxAhead = 0;
        IEnumerable<GridCombination> Lazy()
        {
            for (int i = 0; i < 600; i++)
            {
                pulled++;
                yield return new GridCombination(i, GridPoint.S3(StrategyParameters.Default with { SmaSlow = 21 + (i % 30), Threshold = i % 5 }));
            }
        }

        using var evaluator = new SimdGridEvaluator(series, Precision.F64);
        evaluator.Evaluate(Lazy(), new CountingReducer(c =>
        {
            Assert.Equal(accepted++, c.Index);
            maxAhead = Math.Max(maxAhead, pulled - c.Index);
        }), TestContext.Current.CancellationToken);
        Assert.Equal(600, accepted);
        Assert.InRange(maxAhead, 1, batch);
    }

    [Fact]
    public void In_f32_weights_summing_past_two_to_the_24_are_refused_by_the_kernel_and_beyond_s3s_ranges_by_its_file()
    {
        // s3's file bounds each weight by 10^6, so its grids never reach the bound: the rule is the kernel's own.
        var heavy = StrategyParameters.Default with { WTrend = 1 << 24 };
        Assert.Null(Backtest.Fused.KernelSettings.PrecisionProblem(heavy, Precision.F64));
        Assert.Contains("16,777,216", Backtest.Fused.KernelSettings.PrecisionProblem(heavy, Precision.F32), StringComparison.Ordinal);
        Assert.Contains("parameter 'w_trend' = 16777216", Assert.Single(SimdGridEvaluator.Problems(GridPoint.S3(heavy), Precision.F64)), StringComparison.Ordinal);
    }

    private sealed class CountingReducer(Action<GridCombination> onAccept) : IGridReducer
    {
        public void Accept(GridCombination combination, IReadOnlyList<SymbolMetrics> metrics) => onAccept(combination);
    }

    /// <summary>
    /// The hand-fused S3 kernel on the series, which the grid evaluator runs in tiles (SimdEngine runs the graph walk,
    /// which f32 rounds differently and f64 decides with semantics 2.0's ε).
    /// </summary>
    private static IReadOnlyList<SymbolResult> HandKernel(IReadOnlyList<BarSeries> series, StrategyParameters p, Precision precision)
    {
        using var panel = BarPanel.Create(series, precision);
        return S3HandKernel.Run(panel, p, VectorWidths.Best, cancellationToken: TestContext.Current.CancellationToken);
    }
}
