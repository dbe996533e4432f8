using Backtest.Data;
using Backtest.Fused;
using Backtest.Indicators;
using Backtest.Lanes;
using Backtest.Panel;
using Backtest.Strategy;
using Backtest.Tests.Contract;
using Backtest.Tests.Indicators;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Fused;

/// <summary>
/// The indicators the fused kernel scores with, read through its probe: in f64 equal to Stock.Indicators'
/// results and the reference to 1e-12; in f32 within spec §6 (price-unit indicators within 1e-4 of the
/// price, RSI within 1e-3), including Bollinger bands over 100,000 bars.
/// </summary>
public class KernelIndicatorTests
{
    public static TheoryData<VectorWidth> Widths() => [.. VectorWidths.Accelerated];

    [Theory]
    [MemberData(nameof(Widths))]
    public void F64_kernel_indicators_match_stock_indicators(VectorWidth width)
    {
        var closes = StockIndicatorsFixture.Closes();
        var p = StrategyParameters.Default;
        using var panel = BarPanel<double>.FromSeries([Bars.Flat(closes)]);
        var kernel = KernelIndicators.Probe(panel, p, width);
        int w = p.WarmupBars;

        void Check(double?[] expected, double[] actual, string what, bool priceScaled)
        {
            for (int k = w; k < closes.Length; k++)
            {
                double e = expected[k]!.Value;
                double scale = priceScaled ? Math.Max(Math.Abs(e), closes[k]) : Math.Abs(e);
                Assert.True(Math.Abs(actual[k] - e) <= 1e-12 * scale, $"{what}[{k}]: expected {e:R}, got {actual[k]:R}");
            }
        }

        Check(StockIndicatorsFixture.Reference("sma", "sma"), kernel.SmaFast[0], "SMA(20)", false);
        Check(StockIndicatorsFixture.Reference("bb", "upperBand"), kernel.BandUpper[0], "BB upper", false);
        Check(StockIndicatorsFixture.Reference("bb", "lowerBand"), kernel.BandLower[0], "BB lower", false);
        Check(StockIndicatorsFixture.Reference("rsi", "rsi"), kernel.Rsi[0], "RSI(14)", false);
        Check(StockIndicatorsFixture.Reference("macd", "macd"), kernel.Macd[0], "MACD", true);
        Check(StockIndicatorsFixture.Reference("macd", "signal"), kernel.Signal[0], "MACD signal", true);
        Check([.. Sma.Compute(closes, 50).Select(v => (double?)v)], kernel.SmaSlow[0], "SMA(50)", false);
        Assert.All(kernel.SmaFast[0].Take(w), v => Assert.True(double.IsNaN(v)));
    }

    /// <summary>The largest error of every kernel indicator over a set of series, as spec §6 measures them.</summary>
    private static (double Price, double Rsi, string Where) WorstErrors(IReadOnlyList<BarSeries> series, KernelIndicators kernel, StrategyParameters p)
    {
        double price = 0, rsi = 0;
        string where = "";
        for (int i = 0; i < series.Count; i++)
        {
            var c = series[i].Close;
            if (c.Length < p.MinimumBars) continue;
            var bands = Bollinger.Compute(c, p.BbPeriod, p.BbK);
            var macd = Macd.Compute(c, p.MacdFast, p.MacdSlow, p.MacdSignal);
            var reference = new (string Name, double[] Expected, double[] Actual)[]
            {
                ("sma_fast", Sma.Compute(c, p.SmaFast), kernel.SmaFast[i]),
                ("sma_slow", Sma.Compute(c, p.SmaSlow), kernel.SmaSlow[i]),
                ("bb_lower", bands.Lower, kernel.BandLower[i]),
                ("bb_upper", bands.Upper, kernel.BandUpper[i]),
                ("macd", macd.Macd, kernel.Macd[i]),
                ("signal", macd.Signal, kernel.Signal[i]),
            };
            var expectedRsi = Rsi.Compute(c, p.RsiPeriod);
            for (int k = p.WarmupBars; k < c.Length; k++)
            {
                foreach (var (name, expected, actual) in reference)
                {
                    double e = Math.Abs(actual[k] - expected[k]) / c[k];
                    if (e > price) { price = e; where = $"{series[i].Symbol} {name}[{k}]"; }
                }
                rsi = Math.Max(rsi, Math.Abs(kernel.Rsi[i][k] - expectedRsi[k]));
            }
        }
        return (price, rsi, where);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void F32_kernel_indicators_meet_spec_6_on_the_random_universe(VectorWidth width)
    {
        var p = StrategyParameters.Default;
        var series = ContractUniverse.All;
        using var panel = BarPanel<float>.FromSeries(series);
        var (price, rsi, where) = WorstErrors(series, KernelIndicators.Probe(panel, p, width), p);
        TestContext.Current.TestOutputHelper?.WriteLine($"worst price-unit error {price:E2} ({where}), worst RSI error {rsi:E2}");
        Assert.True(price <= 1e-4, $"price-unit indicator off by {price:E2} of the price at {where}");
        Assert.True(rsi <= 1e-3, $"RSI off by {rsi:E2}");
    }

    [Fact]
    public void F64_kernel_indicators_match_the_reference_to_1e12_of_the_price_on_the_random_universe()
    {
        var p = ContractCases.Parameters["short-periods-all-in"];
        var series = ContractUniverse.All.Take(101).ToList();
        using var panel = BarPanel<double>.FromSeries(series);
        var (price, rsi, where) = WorstErrors(series, KernelIndicators.Probe(panel, p, VectorWidths.Best), p);
        Assert.True(price <= 1e-12, $"price-unit indicator off by {price:E2} of the price at {where}");
        Assert.True(rsi <= 1e-10, $"RSI off by {rsi:E2}");
    }

    [Fact]
    public void F32_bollinger_bands_stay_within_1e4_of_the_price_over_100000_bars()
    {
        // A long random walk with regimes and flat runs, drifting far from its first price.
        var series = RandomBars.Series("LONG", 100_000, seed: 7);
        var p = StrategyParameters.Default;
        using var panel = BarPanel<float>.FromSeries([series]);
        var kernel = KernelIndicators.Probe(panel, p, VectorWidths.Best);
        var bands = Bollinger.Compute(series.Close, p.BbPeriod, p.BbK);
        double worst = 0;
        int at = 0;
        for (int k = p.WarmupBars; k < series.Count; k++)
        {
            double e = Math.Max(Math.Abs(kernel.BandLower[0][k] - bands.Lower[k]), Math.Abs(kernel.BandUpper[0][k] - bands.Upper[k])) / series.Close[k];
            if (e > worst) { worst = e; at = k; }
        }
        double first = series.Close[0], min = series.Close.Min(), max = series.Close.Max();
        TestContext.Current.TestOutputHelper?.WriteLine($"worst band error {worst:E2} of the price at bar {at}; prices {first} first, {min}..{max}");
        Assert.True(max / min > 2, "the walk should wander far from its start");
        Assert.True(worst <= 1e-4, $"band off by {worst:E2} of the price at bar {at}");
    }
}
