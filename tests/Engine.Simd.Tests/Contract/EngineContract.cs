using Backtest.Data;
using Backtest.Engines;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Backtest.Tests.Vectors;
using Xunit;

namespace Backtest.Tests.Contract;

/// <summary>
/// What every engine must do, whatever its implementation (LEAN's CommonIndicatorTests shape): each
/// concrete class only says which engine and precision. f64 engines must agree with the reference engine
/// per spec §6 (the same trades, every metric within 1e-9 relative) and reproduce the spec's worked
/// vectors; f32 engines must meet the f32 contract of spec §6.
/// </summary>
public abstract partial class EngineContract
{
    /// <summary>The engine under test; called once per test.</summary>
    protected abstract IBacktestEngine CreateEngine();

    protected abstract Precision Precision { get; }

    /// <summary>Why this engine cannot run on this machine (e.g. a vector width it lacks), or null.</summary>
    protected virtual string? Unavailable => null;

    private IBacktestEngine Engine()
    {
        if (Unavailable is { } reason) Assert.Skip(reason);
        return CreateEngine();
    }

    private IReadOnlyList<SymbolResult> Run(IBacktestEngine engine, IReadOnlyList<BarSeries> series, S3Settings p) =>
        engine.Run(series, p, Precision, TestContext.Current.CancellationToken);

    public static TheoryData<string, int> CasesAndCounts()
    {
        var data = new TheoryData<string, int>();
        foreach (string c in ContractCases.Names)
            foreach (int n in ContractCases.SymbolCounts)
                data.Add(c, n);
        return data;
    }

    [Theory]
    [MemberData(nameof(CasesAndCounts))]
    public void Agrees_with_the_reference_on_a_random_ragged_panel(string caseName, int symbols)
    {
        var engine = Engine();
        var p = ContractCases.Parameters[caseName];
        var (series, offset) = ContractUniverse.Take(symbols);
        var reference = ContractUniverse.ReferenceResults(caseName).Skip(offset).Take(symbols).ToList();
        var actual = Run(engine, series, p);
        Assert.Equal(series.Count, actual.Count);
        Assert.Contains(reference, r => r.Trades.Count > 0 || symbols == 1);
        AssertAgrees(series, reference, actual, p, caseName, requireIdenticalShare: symbols >= 1000);
    }

    /// <summary>
    /// f64: every symbol the same as the reference (<see cref="Agreement.Same"/>). f32: the f32 contract, every
    /// difference traceable, final values within tolerance, and where asked the share of identical trade lists.
    /// </summary>
    private void AssertAgrees(
        IReadOnlyList<BarSeries> series, IReadOnlyList<SymbolResult> reference, IReadOnlyList<SymbolResult> actual, S3Settings p,
        string label, bool requireIdenticalShare)
    {
        if (Precision == Precision.F64)
        {
            for (int i = 0; i < series.Count; i++) Agreement.Same(reference[i], actual[i], $"{label} {series[i].Symbol}");
            return;
        }

        var contract = F32Contract.Measure(series, reference, actual, p);
        TestContext.Current.TestOutputHelper?.WriteLine(contract.ToString());
        Assert.True(contract.Untraceable.Count == 0, $"{label}: {contract}; untraceable: {string.Join("; ", contract.Untraceable.Take(5))}");
        if (requireIdenticalShare)
            Assert.True(contract.IdenticalFraction >= F32Contract.IdenticalShare, $"{label}: {contract}");
        Assert.True(contract.WorstFinalValueError <= F32Contract.FinalValueTolerance, $"{label}: {contract}");
    }

    [Fact]
    public void Agrees_with_the_reference_on_prices_without_a_decimal_form()
    {
        // In f32 these prices carry rounding (no decimal scale makes them exact): the wider f32 tie tolerance applies.
        var engine = Engine();
        var (series, reference) = ContractUniverse.UndecimalPrices;
        var p = S3Settings.Default;
        var actual = Run(engine, series, p);
        AssertAgrees(series, reference, actual, p, "undecimal", requireIdenticalShare: true);
    }

    /// <summary>
    /// One valid bar of 1e6 in series near 12 (a bad tick a feed let through): the rolling window sums carried
    /// squares of 1e6 deviations, whose rounding (1e-4 of the squared price) outlived the spike in the window.
    /// </summary>
    [Theory]
    [InlineData("defaults")]
    [InlineData("short-periods-all-in")]
    [InlineData("long-periods")]
    public void Agrees_with_the_reference_on_series_with_a_price_spike(string caseName)
    {
        var engine = Engine();
        var p = ContractCases.Parameters[caseName];
        var series = Enumerable.Range(0, 17).Select(i =>
        {
            var s = RandomBars.Series($"SPIKE{i}", 2000, 900 + i);
            // Near 12, whatever the walk's start (5 to 505); spikes at bars that differ between series.
            return RandomBars.Scaled(s, 12 / s.Close[0], 1e6, 200 + 37 * i, 1100 + 13 * i);
        }).ToList();
        var reference = new ReferenceEngine().Run(series, p, Precision.F64, TestContext.Current.CancellationToken);
        Assert.Contains(reference, r => r.Trades.Count > 0);
        AssertAgrees(series, reference, Run(engine, series, p), p, "spike " + caseName, requireIdenticalShare: false);
    }

    /// <summary>
    /// Series whose lowest price is the smallest the loader accepts (1e-8), series whose highest is the largest
    /// (1e9), and series near the smallest with spikes to the largest: every engine agrees inside the range.
    /// </summary>
    [Theory]
    [InlineData("defaults")]
    [InlineData("short-periods-all-in")]
    [InlineData("close-fill-stops-targets")]
    public void Agrees_with_the_reference_at_the_edges_of_the_price_range(string caseName)
    {
        var engine = Engine();
        var p = ContractCases.Parameters[caseName];
        var series = Enumerable.Range(0, 18).Select(i =>
        {
            var s = RandomBars.Series($"EDGE{i}", 1500, 700 + i);
            return (i % 3) switch
            {
                0 => RandomBars.Scaled(s, Backtest.Data.BarValidator.MinPrice / s.Low.Min()),
                1 => RandomBars.Scaled(s, Backtest.Data.BarValidator.MaxPrice / s.High.Max()),
                _ => RandomBars.Scaled(s, Backtest.Data.BarValidator.MinPrice / s.Low.Min(), Backtest.Data.BarValidator.MaxPrice, 300 + i, 301 + i, 900),
            };
        }).ToList();
        var reference = new ReferenceEngine().Run(series, p, Precision.F64, TestContext.Current.CancellationToken);
        Assert.Contains(reference, r => r.Trades.Count > 0);
        AssertAgrees(series, reference, Run(engine, series, p), p, "edges " + caseName, requireIdenticalShare: false);
    }

    /// <summary>
    /// NVR at ~$6,900 with 5 % of $100,000: no entry signal can buy one share. Every engine counts each dropped
    /// entry order, as the reference does, and with a budget that can afford it counts none.
    /// </summary>
    [Theory]
    [InlineData(FillMode.NextOpen)]
    [InlineData(FillMode.Close)]
    public void Counts_the_entry_signals_a_budget_cannot_buy_one_share_at(FillMode fill)
    {
        var engine = Engine();
        var series = Enumerable.Range(0, 9).Select(i =>
        {
            var s = RandomBars.Series($"NVR{i}", 1200, 40 + i);
            return RandomBars.Scaled(s, Math.Round(6900 / s.Close[0], 2));
        }).ToList();
        var p = S3Settings.Default with { Execution = StrategyParameters.Default with { Fill = fill } };
        var reference = new ReferenceEngine().Run(series, p, Precision.F64, TestContext.Current.CancellationToken);
        Assert.All(reference, r => Assert.Empty(r.Trades));
        Assert.Contains(reference, r => r.UnaffordableEntries > 1);
        var actual = Run(engine, series, p);
        Assert.Equal(reference.Select(r => r.UnaffordableEntries), actual.Select(r => r.UnaffordableEntries));

        var rich = p with { Execution = p.Execution with { PositionSize = 1 } };
        Assert.All(Run(engine, series, rich), r => Assert.Equal(0, r.UnaffordableEntries));
    }

    public static IEnumerable<TheoryDataRow<string, string>> VectorCasesAndSymbols() => SpecVectors.CasesAndSymbols();

    [Theory]
    [MemberData(nameof(VectorCasesAndSymbols))]
    public void Reproduces_the_spec_vectors(string caseName, string symbol)
    {
        var engine = Engine();
        var series = SpecVectors.Load(caseName, symbol);
        var p = SpecVectors.Parameters(caseName);
        var actual = Assert.Single(Run(engine, [series], p));
        var expected = Assert.Single(new ReferenceEngine().Run([series], p, Precision.F64, TestContext.Current.CancellationToken));
        if (Precision == Precision.F64)
        {
            // The reference itself is checked against the vector files by SpecVectorTests.
            Agreement.Same(expected, actual, $"{caseName}/{symbol}");
            return;
        }
        var contract = F32Contract.Measure([series], [expected], [actual], p);
        Assert.True(contract.Untraceable.Count == 0 && contract.WorstFinalValueError <= F32Contract.FinalValueTolerance, $"{caseName}/{symbol}: {contract}");
    }

    [Fact]
    public void A_symbols_result_is_the_same_alone_among_others_and_in_any_order()
    {
        var engine = Engine();
        var p = ContractCases.Parameters["next-open-protective-time"];
        var (series, _) = ContractUniverse.Take(40);
        var together = Run(engine, series, p);
        var reversed = Run(engine, [.. series.Reverse()], p);
        for (int i = 0; i < series.Count; i++)
        {
            var alone = Assert.Single(Run(engine, [series[i]], p));
            Assert.Equal(alone.Metrics, together[i].Metrics);
            Assert.Equal(alone.Trades, together[i].Trades);
            Assert.Equal(alone.Metrics, reversed[series.Count - 1 - i].Metrics);
            Assert.Equal(alone.Trades, reversed[series.Count - 1 - i].Trades);
        }
    }

    [Fact]
    public void Series_too_short_to_trade_give_no_trades_and_the_capital()
    {
        var engine = Engine();
        var p = S3Settings.Default;
        var series = new[] { 0, 1, 2, p.WarmupBars, (int)p.MinimumBars - 1 }.Select(n => RandomBars.Series($"S{n}", n, n)).ToList();
        var results = Run(engine, series, p);
        for (int i = 0; i < series.Count; i++)
        {
            var r = results[i];
            Assert.Equal(series[i].Symbol, r.Symbol);
            Assert.Equal(series[i].Count, r.Bars);
            Assert.Empty(r.Trades);
            Assert.Equal(p.Execution.Capital, r.Metrics.FinalValue);
            Assert.Equal(0, r.Metrics.SharpeRatio);
            Assert.Equal(0, r.Metrics.MaxDrawdown);
            Assert.Null(r.Metrics.ProfitFactor);
        }
    }

    [Fact]
    public void Periods_near_int_MaxValue_give_no_decision_and_the_capital()
    {
        // W = int.MaxValue + 9 − 2 overflowed int: a negative W made the kernels read before the panel.
        var engine = Engine();
        var definition = Backtest.Strategies.Language.StrategyCompiler.Parse(
            """
            param n = 20 in 1..2147483647
            param g = 9 in 1..2147483647
            m = macd(close, 1, n, g)
            buy when m.line > m.signal
            sell when m.line < m.signal
            """, "huge.bt");
        foreach (var (n, g) in new[] { (int.MaxValue, 9), (int.MaxValue, int.MaxValue), (1_500_000_000, 1_500_000_000) })
        {
            var strategy = definition.Instantiate(new Dictionary<string, double> { ["n"] = n, ["g"] = g });
            // s3's ranges keep its W far below int.MaxValue: an engine that runs s3 alone cannot meet this case.
            Assert.SkipWhen(engine.CannotRun(strategy) is not null, $"{engine.Name} runs s3 only so far: {engine.CannotRun(strategy)}");
            var series = RandomBars.Series("X", 300, 3);
            var r = Assert.Single(engine.Run([series], strategy, StrategyParameters.Default, Precision, TestContext.Current.CancellationToken));
            Assert.Empty(r.Trades);
            Assert.Equal(StrategyParameters.Default.Capital, r.Metrics.FinalValue);
            Assert.Equal(300, r.Bars);
        }
    }

    [Fact]
    public void No_series_gives_no_results() => Assert.Empty(Run(Engine(), [], S3Settings.Default));

    [Fact]
    public void Invalid_execution_parameters_are_refused() =>
        Assert.Throws<ArgumentException>(() => Run(Engine(), [RandomBars.Series("X", 100, 1)], new S3Settings { Execution = new() { PositionSize = 1.5 } }));

    [Fact]
    public void S3s_ranges_keep_its_score_exact_in_f32()
    {
        // The score is a sum of ± weights; f32 holds ints exactly to 2^24 (semantics §6). s3.bt bounds each weight, so
        // the largest score any s3 run can have stays below it.
        var s3 = Backtest.Strategy.S3Strategy.Definition;
        double largest = new[] { "w_trend", "w_rsi", "w_bb", "w_macd" }.Sum(w => s3.Parameter(w)!.Max!.Value);
        Assert.True(largest < 1 << 24, $"s3's weights can sum to {largest}");
    }
}
