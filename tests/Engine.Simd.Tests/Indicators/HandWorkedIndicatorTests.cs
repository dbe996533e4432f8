using Backtest.Indicators;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Indicators;

/// <summary>Small indicator cases worked by hand from spec §2.</summary>
public class HandWorkedIndicatorTests
{
    private static readonly double[] Zigzag = [10, 11, 12, 9, 9, 15];

    private static void AssertNaNThenValues(double[] actual, int firstDefined, double[] expectedFromFirst, string what)
    {
        Assert.Equal(firstDefined + expectedFromFirst.Length, actual.Length);
        for (int k = 0; k < firstDefined; k++) Assert.True(double.IsNaN(actual[k]), $"{what}[{k}] should be NaN, got {actual[k]:R}");
        for (int i = 0; i < expectedFromFirst.Length; i++)
            Near.Equal(expectedFromFirst[i], actual[firstDefined + i], $"{what}[{firstDefined + i}]", rel: 1e-12, abs: 1e-12);
    }

    [Fact]
    public void Sma_3_of_one_to_five_is_nan_nan_2_3_4() =>
        AssertNaNThenValues(Sma.Compute([1, 2, 3, 4, 5], 3), 2, [2, 3, 4], "SMA");

    [Fact]
    public void Sma_1_is_the_series_itself() =>
        AssertNaNThenValues(Sma.Compute([3, 1, 4], 1), 0, [3, 1, 4], "SMA(1)");

    [Fact]
    public void Ema_is_seeded_with_the_mean_of_the_first_n_values_then_smoothed()
    {
        // EMA(3) of [2, 4, 6, 0, 10]: α = 2/4 = 0.5; EMA[2] = mean(2,4,6) = 4 (not 6, not 2);
        // EMA[3] = (0 − 4)·0.5 + 4 = 2; EMA[4] = (10 − 2)·0.5 + 2 = 6.
        AssertNaNThenValues(Ema.Compute([2, 4, 6, 0, 10], 3), 2, [4, 2, 6], "EMA");
    }

    [Fact]
    public void Rsi_is_50_when_prices_do_not_move() =>
        AssertNaNThenValues(Rsi.Compute([5, 5, 5, 5, 5, 5], 2), 2, [50, 50, 50, 50], "RSI flat");

    [Fact]
    public void Rsi_is_100_when_prices_only_rise_and_0_when_they_only_fall()
    {
        AssertNaNThenValues(Rsi.Compute([1, 2, 3, 4], 2), 2, [100, 100], "RSI up");
        AssertNaNThenValues(Rsi.Compute([4, 3, 2, 1], 2), 2, [0, 0], "RSI down");
    }

    [Fact]
    public void Wilder_rsi_2_of_a_zigzag_is_worked_by_hand()
    {
        // x = 10 11 12 9 9 15; gains g = _ 1 1 0 0 6, losses l = _ 0 0 3 0 0.
        // AG[2] = (1+1)/2 = 1, AL[2] = 0 → 100.
        // AG[3] = (1·1 + 0)/2 = 0.5, AL[3] = (0·1 + 3)/2 = 1.5 → 100·0.5/2 = 25.
        // AG[4] = 0.25, AL[4] = 0.75 → 25.
        // AG[5] = (0.25 + 6)/2 = 3.125, AL[5] = 0.375 → 100·3.125/3.5 = 89.28571428571429.
        AssertNaNThenValues(Rsi.Compute(Zigzag, 2), 2, [100, 25, 25, 89.28571428571429], "RSI");
    }

    [Fact]
    public void Bollinger_uses_the_population_standard_deviation()
    {
        // Windows of 3: [10,11,12] mean 11, var (1+0+1)/3 = 2/3;  [11,12,9] mean 32/3, var 14/9;
        // [12,9,9] mean 10, var (4+1+1)/3 = 2;  [9,9,15] mean 11, var (4+4+16)/3 = 8. k = 1.
        var bb = Bollinger.Compute(Zigzag, 3, 1);
        AssertNaNThenValues(bb.Middle, 2, [11, 10.666666666666666, 10, 11], "mid");
        AssertNaNThenValues(bb.Upper, 2, [11.816496580927726, 11.913885795591312, 11.414213562373096, 13.82842712474619], "upper");
        AssertNaNThenValues(bb.Lower, 2, [10.183503419072274, 9.41944753774202, 8.585786437626904, 8.17157287525381], "lower");
    }

    [Fact]
    public void Bollinger_with_k_2_widens_by_two_standard_deviations()
    {
        // [12, 9, 9]: mean 10, sd √2; k = 2 → 10 ± 2√2.
        var bb = Bollinger.Compute([12, 9, 9], 3, 2);
        AssertNaNThenValues(bb.Upper, 2, [12.82842712474619], "upper");
        AssertNaNThenValues(bb.Lower, 2, [7.17157287525381], "lower");
    }

    [Fact]
    public void Macd_seeds_each_ema_on_its_own_and_the_signal_with_the_mean_of_the_first_g_macd_values()
    {
        // MACD(1, 2, 2) of 10 11 12 9 9 15.
        // EMA(1) = x (α = 1). EMA(2): α = 2/3, EMA[1] = 10.5, EMA[2] = 11.5, EMA[3] = 59/6, EMA[4] = 167/18, EMA[5] = 707/54.
        // macd from bar s−1 = 1: 0.5, 0.5, 9 − 59/6 = −5/6, 9 − 167/18 = −5/18, 15 − 707/54 = 103/54.
        // signal from bar s+g−2 = 2: mean(0.5, 0.5) = 0.5; then −7/18, −17/54, 7/6.
        var m = Macd.Compute(Zigzag, 1, 2, 2);
        AssertNaNThenValues(m.Macd, 1, [0.5, 0.5, -5.0 / 6, -5.0 / 18, 103.0 / 54], "macd");
        AssertNaNThenValues(m.Signal, 2, [0.5, -7.0 / 18, -17.0 / 54, 7.0 / 6], "signal");
    }

    [Fact]
    public void Every_indicator_returns_the_input_length_and_all_nan_when_too_short()
    {
        double[] two = [1, 2];
        Assert.All(Sma.Compute(two, 3), v => Assert.True(double.IsNaN(v)));
        Assert.All(Ema.Compute(two, 3), v => Assert.True(double.IsNaN(v)));
        Assert.All(Rsi.Compute(two, 2), v => Assert.True(double.IsNaN(v)));
        Assert.Equal(2, Bollinger.Compute(two, 3, 2).Upper.Length);
        Assert.All(Macd.Compute(two, 1, 3, 2).Macd, v => Assert.True(double.IsNaN(v)));
    }
}
