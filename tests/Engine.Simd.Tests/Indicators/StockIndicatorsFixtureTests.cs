using System.Globalization;
using System.Text.Json;
using Backtest.Indicators;
using Xunit;

namespace Backtest.Tests.Indicators;

/// <summary>
/// Our indicators against the Stock.Indicators regression results (shared/data/fixtures, SOURCES.md §3),
/// all computed on the closes of quotes/default.csv (502 daily bars).
/// The fixtures' first non-null indices were checked by hand and agree with spec §2's "first defined bar":
/// SMA(20), EMA(20), Bollinger(20) at 19 = n−1; RSI(14) at 14 = n; MACD(12,26,9) macd at 25 = s−1 and
/// signal at 33 = s+g−2. The tests assert the spec's rule literally and the fixture's nulls as well.
/// </summary>
public class StockIndicatorsFixtureTests
{
    private const double Rel = 1e-12;

    private static readonly Lazy<double[]> Closes = new(StockIndicatorsFixture.Closes);

    private static double?[] Reference(string file, string field) => StockIndicatorsFixture.Reference(file, field);

    /// <summary>
    /// Compares ours with the reference bar for bar: NaN exactly where the reference is null, values within
    /// 1e-12 relative to max(|reference|, <paramref name="scale"/>[k]) where scale is given.
    /// </summary>
    private static void AssertMatches(double?[] reference, double[] ours, int firstDefined, string what, double[]? scale = null)
    {
        Assert.Equal(Closes.Value.Length, ours.Length);
        Assert.Equal(reference.Length, ours.Length);
        int firstNonNull = Array.FindIndex(reference, r => r.HasValue);
        Assert.True(firstNonNull == firstDefined, $"{what}: the fixture starts at {firstNonNull}, spec §2 at {firstDefined}");
        for (int k = 0; k < ours.Length; k++)
        {
            if (k < firstDefined)
            {
                Assert.True(double.IsNaN(ours[k]), $"{what}[{k}] should be NaN before bar {firstDefined}, got {ours[k]:R}");
                continue;
            }

            Assert.True(reference[k].HasValue, $"{what}[{k}]: the fixture has null after the first defined bar");
            double expected = reference[k]!.Value;
            double size = Math.Max(Math.Abs(expected), scale?[k] ?? 0);
            Assert.True(
                Math.Abs(ours[k] - expected) <= Rel * size,
                $"{what}[{k}]: expected {expected:R}, got {ours[k]:R}");
        }
    }

    [Fact]
    public void Sma_20_matches_stock_indicators_and_starts_at_bar_19() =>
        AssertMatches(Reference("sma", "sma"), Sma.Compute(Closes.Value, 20), 19, "SMA(20)");

    [Fact]
    public void Ema_20_matches_stock_indicators_and_starts_at_bar_19() =>
        AssertMatches(Reference("ema", "ema"), Ema.Compute(Closes.Value, 20), 19, "EMA(20)");

    [Fact]
    public void Wilder_rsi_14_matches_stock_indicators_and_starts_at_bar_14() =>
        AssertMatches(Reference("rsi", "rsi"), Rsi.Compute(Closes.Value, 14), 14, "RSI(14)");

    [Fact]
    public void Bollinger_20_2_bands_match_stock_indicators_and_start_at_bar_19()
    {
        var bands = Bollinger.Compute(Closes.Value, 20, 2);
        AssertMatches(Reference("bb", "sma"), bands.Middle, 19, "BB middle");
        AssertMatches(Reference("bb", "upperBand"), bands.Upper, 19, "BB upper");
        AssertMatches(Reference("bb", "lowerBand"), bands.Lower, 19, "BB lower");
    }

    [Fact]
    public void Macd_12_26_9_matches_stock_indicators_macd_from_bar_25_and_signal_from_bar_33()
    {
        // MACD values come near 0 (the smallest is about 0.0044 on this series), so relative error is taken
        // against max(|value|, close): price-unit quantities, as in spec §3's ε.
        var lines = Macd.Compute(Closes.Value, 12, 26, 9);
        AssertMatches(Reference("macd", "macd"), lines.Macd, 25, "MACD", Closes.Value);
        AssertMatches(Reference("macd", "signal"), lines.Signal, 33, "MACD signal", Closes.Value);
    }
}
