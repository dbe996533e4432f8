using Backtest.Metrics;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Metrics;

/// <summary>
/// Spec §5: P from Δ, the most common spacing (the smaller on a tie): 12 for Δ ≥ 28 days, 52 for Δ ≥ 5 days,
/// 252 for Δ ≥ 20 hours, otherwise 252 × max(1, round(23,400 s / Δ)) with halves rounded up.
/// </summary>
public class PeriodsPerYearInferenceTests
{
    private const long Day = 86_400;

    /// <summary>n bars at a fixed spacing in seconds.</summary>
    private static long[] Every(long seconds, int n = 10) =>
        Bars.TimesFromSeconds([.. Enumerable.Range(0, n).Select(i => i * seconds)]);

    /// <summary>Bars after consecutive gaps given in seconds.</summary>
    private static long[] Gaps(params long[] gaps)
    {
        var t = new long[gaps.Length + 1];
        for (int i = 0; i < gaps.Length; i++) t[i + 1] = t[i] + gaps[i];
        return Bars.TimesFromSeconds(t);
    }

    private static double Infer(long[] times) => PeriodsPerYearInference.Infer(times);

    [Theory]
    [InlineData(60, 98_280)]        // 23,400/60 = 390 → 252·390
    [InlineData(120, 49_140)]       // 195
    [InlineData(300, 19_656)]       // 78
    [InlineData(420, 14_112)]       // 55.71 → 56
    [InlineData(900, 6_552)]        // 26
    [InlineData(1_800, 3_276)]      // 13
    [InlineData(3_600, 1_764)]      // 6.5 → 7 (half up, not to even)
    [InlineData(9_360, 756)]        // 2.5 → 3 (half up, not to even)
    [InlineData(14_400, 504)]       // 1.625 → 2
    [InlineData(43_200, 252)]       // 0.54 → 1
    [InlineData(68_400, 252)]       // 19 h: 0.34 → 0 → max(1, 0) = 1
    [InlineData(10, 589_680)]       // 10-second bars: 2,340
    public void Intraday_spacings_scale_252_by_bars_per_session(long seconds, double expected) =>
        Assert.Equal(expected, Infer(Every(seconds)));

    [Theory]
    [InlineData(20 * 3_600, 252)]   // 20 hours
    [InlineData(Day, 252)]
    [InlineData(4 * Day, 252)]
    [InlineData(5 * Day, 52)]
    [InlineData(7 * Day, 52)]
    [InlineData(27 * Day, 52)]
    [InlineData(28 * Day, 12)]
    [InlineData(31 * Day, 12)]
    [InlineData(91 * Day, 12)]
    public void Daily_weekly_and_monthly_thresholds(long seconds, double expected) =>
        Assert.Equal(expected, Infer(Every(seconds)));

    [Fact]
    public void Business_days_with_weekends_are_daily()
    {
        // Three weeks Mon..Fri: 12 one-day gaps, 2 three-day gaps → Δ = 1 day → 252.
        var gaps = new List<long>();
        for (int w = 0; w < 3; w++)
        {
            if (w > 0) gaps.Add(3 * Day);
            gaps.AddRange([Day, Day, Day, Day]);
        }

        Assert.Equal(252, Infer(Gaps([.. gaps])));
    }

    [Fact]
    public void Calendar_months_are_monthly()
    {
        // First of each month of 2023: 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30 days → Δ = 31 days → 12.
        long[] times = [.. Enumerable.Range(1, 12).Select(m => new DateTimeOffset(2023, m, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds())];
        Assert.Equal(12, Infer(times));
    }

    [Fact]
    public void Weekly_bars_with_a_holiday_week_are_weekly()
    {
        // 7-day gaps with one 14-day gap → Δ = 7 days → 52.
        Assert.Equal(52, Infer(Gaps(7 * Day, 7 * Day, 14 * Day, 7 * Day, 7 * Day)));
    }

    [Fact]
    public void Overnight_gaps_do_not_outvote_the_most_common_minute_spacing()
    {
        // Two sessions of 61 one-minute bars, one ~17.5-hour overnight gap, and thin-data gaps of 2 and 3 minutes.
        var gaps = new List<long>();
        gaps.AddRange(Enumerable.Repeat(60L, 60));
        gaps.Add(63_000);
        gaps.AddRange(Enumerable.Repeat(60L, 40));
        gaps.AddRange(Enumerable.Repeat(120L, 10));
        gaps.AddRange(Enumerable.Repeat(180L, 10));
        Assert.Equal(98_280, Infer(Gaps([.. gaps])));
    }

    [Fact]
    public void Thin_data_where_two_minute_gaps_are_commonest_infers_two_minute_bars()
    {
        // 12 gaps of 120 s, 5 of 60 s, 3 of 600 s → Δ = 120 s → 252·195 = 49,140.
        var gaps = Enumerable.Repeat(120L, 12).Concat(Enumerable.Repeat(60L, 5)).Concat(Enumerable.Repeat(600L, 3));
        Assert.Equal(49_140, Infer(Gaps([.. gaps])));
    }

    [Fact]
    public void A_tie_between_spacings_takes_the_smaller()
    {
        // Three 5-minute gaps first, then three 1-minute gaps → tie → Δ = 60 s → 98,280 (not 19,656).
        Assert.Equal(98_280, Infer(Gaps(300, 300, 300, 60, 60, 60)));
        // Two weekly gaps, then two daily gaps → tie → 1 day → 252 (not 52).
        Assert.Equal(252, Infer(Gaps(7 * Day, 7 * Day, Day, Day)));
    }
}
