using Backtest.Data;

namespace Backtest.Tests.Support;

/// <summary>Builds small hand-made <see cref="BarSeries"/> for the rule tests.</summary>
internal static class Bars
{
    public const long MinuteMs = 60_000;
    public const long DayMs = 86_400_000;

    /// <summary>2024-01-01T00:00:00Z in Unix milliseconds.</summary>
    public const long StartMs = 1_704_067_200_000;

    /// <summary>Daily bars from (open, high, low, close) tuples, volume 0.</summary>
    public static BarSeries Daily(params (double Open, double High, double Low, double Close)[] bars) =>
        Spaced(DayMs, bars);

    /// <summary>1-minute bars from (open, high, low, close) tuples, volume 0.</summary>
    public static BarSeries Minutes(params (double Open, double High, double Low, double Close)[] bars) =>
        Spaced(MinuteMs, bars);

    /// <summary>Daily bars with open = high = low = close.</summary>
    public static BarSeries Flat(params double[] closes) =>
        Daily([.. closes.Select(c => (c, c, c, c))]);

    public static BarSeries Spaced(long spacingMs, (double Open, double High, double Low, double Close)[] bars)
    {
        int n = bars.Length;
        var times = new long[n];
        for (int k = 0; k < n; k++) times[k] = StartMs + k * spacingMs;
        return new BarSeries(
            "TEST",
            times,
            [.. bars.Select(b => b.Open)],
            [.. bars.Select(b => b.High)],
            [.. bars.Select(b => b.Low)],
            [.. bars.Select(b => b.Close)],
            new double[n]);
    }

    /// <summary>Timestamps from explicit offsets in seconds after <see cref="StartMs"/>.</summary>
    public static long[] TimesFromSeconds(params long[] seconds) =>
        [.. seconds.Select(s => StartMs + s * 1000)];
}
