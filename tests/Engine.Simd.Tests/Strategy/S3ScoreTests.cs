using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Strategy;

/// <summary>
/// The S3 score (spec §3) on series small enough to work every part out by hand. Weights 1/10/100/1000
/// make each part readable in the total: ±1 trend, ±10 or 0 RSI, ±100 or 0 Bollinger, ±1000 MACD.
/// </summary>
public class S3ScoreTests
{
    private static readonly StrategyParameters Tiny = new()
    {
        SmaFast = 2,
        SmaSlow = 3,
        RsiPeriod = 2,
        RsiLow = 30,
        RsiHigh = 70,
        BbPeriod = 3,
        BbK = 1,
        MacdFast = 1,
        MacdSlow = 2,
        MacdSignal = 2,
        WTrend = 1,
        WRsi = 10,
        WBb = 100,
        WMacd = 1000,
    };

    [Fact]
    public void Tiny_periods_have_a_warm_up_of_two_bars() =>
        // W = max(3−1, 2−1, 2, 3−1, 2+2−2) = 2.
        Assert.Equal(2, Tiny.WarmupBars);

    [Fact]
    public void Each_part_of_the_score_is_worked_out_by_hand_on_a_zigzag()
    {
        // close 10 11 12 9 9 15
        // bar 2: SMA2 11.5 > SMA3 11 → +1; RSI 100 > 70 → −10; close 12 > upper 11.8165 → −100;
        //        macd 0.5 = signal 0.5 (equal in exact arithmetic, ε rule) → −1000.        = −1109
        // bar 3: SMA2 10.5 < SMA3 10.667 → −1; RSI 25 < 30 → +10; close 9 < lower 9.4194 → +100;
        //        macd −5/6 < signal −7/18 → −1000.                                         = −891
        // bar 4: SMA2 9 < SMA3 10 → −1; RSI 25 → +10; lower 8.586 < 9 < upper 11.414 → 0;
        //        macd −5/18 > signal −17/54 → +1000.                                       = 1009
        // bar 5: SMA2 12 > SMA3 11 → +1; RSI 89.29 → −10; close 15 > upper 13.828 → −100;
        //        macd 103/54 > signal 7/6 → +1000.                                         = 891
        // bars 0 and 1 are before W = 2 → 0.
        int[] score = S3Score.Compute([10, 11, 12, 9, 9, 15], Tiny);
        Assert.Equal([0, 0, -1109, -891, 1009, 891], score);
    }

    [Fact]
    public void Default_weights_sum_the_same_parts()
    {
        // Same parts with w_trend 3, w_rsi 4, w_bb 3, w_macd 2:
        // bar 2: 3 − 4 − 3 − 2 = −6; bar 3: −3 + 4 + 3 − 2 = 2; bar 4: −3 + 4 + 0 + 2 = 3; bar 5: 3 − 4 − 3 + 2 = −2.
        var p = Tiny with { WTrend = 3, WRsi = 4, WBb = 3, WMacd = 2 };
        Assert.Equal([0, 0, -6, 2, 3, -2], S3Score.Compute([10, 11, 12, 9, 9, 15], p));
    }

    [Fact]
    public void Flat_prices_compare_equal_so_trend_and_macd_score_negative_and_rsi_and_bands_score_zero()
    {
        // 60 bars at 99.99 with the default periods (W = 49). In exact arithmetic SMA(20) = SMA(50),
        // macd = signal = 0, RSI = 50 and the bands collapse onto the close. A plain f64 sum of 99.99 makes
        // SMA(20) − SMA(50) ≈ +1.3e-13, so only the ε rule of §3 gives trend −1 here; MACD −1000;
        // RSI 50 is inside (30, 70) → 0; close is not clearly outside the bands → 0. Score −1001 from bar 49.
        var p = StrategyParameters.Default with { WTrend = 1, WRsi = 10, WBb = 100, WMacd = 1000 };
        Assert.Equal(49, p.WarmupBars);
        int[] score = S3Score.Compute(Enumerable.Repeat(99.99, 60).ToArray(), p);
        Assert.Equal(60, score.Length);
        for (int k = 0; k < 49; k++) Assert.True(score[k] == 0, $"score[{k}] before W should be 0, got {score[k]}");
        for (int k = 49; k < 60; k++) Assert.True(score[k] == -1001, $"score[{k}] should be −1001, got {score[k]}");
    }

    [Fact]
    public void Flat_prices_with_default_weights_score_minus_five()
    {
        // −3 (trend) + 0 (RSI 50) + 0 (bands) − 2 (MACD) = −5.
        int[] score = S3Score.Compute(Enumerable.Repeat(2560.88, 55).ToArray(), StrategyParameters.Default);
        Assert.Equal(Enumerable.Repeat(0, 49).Concat(Enumerable.Repeat(-5, 6)), score);
    }

    [Fact]
    public void A_series_shorter_than_the_warm_up_scores_zero_everywhere() =>
        Assert.Equal(new int[10], S3Score.Compute(Enumerable.Range(1, 10).Select(i => (double)i).ToArray(), StrategyParameters.Default));
}
