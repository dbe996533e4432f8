namespace Backtest.Data.Synthetic;

/// <summary>
/// The bar timestamps of the synthetic universe: <see cref="SyntheticUniverseOptions.BarsPerDay"/> minutes
/// from 14:30 UTC on each weekday, starting at the start date. Holidays are not modelled. Every symbol
/// shares these timestamps.
/// </summary>
public static class SyntheticCalendar
{
    private const long MinuteMs = 60_000;

    /// <summary>The trading days: the first <paramref name="days"/> weekdays on or after <paramref name="start"/>.</summary>
    public static DateOnly[] TradingDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var result = new DateOnly[days];
        var day = start;
        for (int i = 0; i < days; day = day.AddDays(1))
        {
            if (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                result[i++] = day;
        }
        return result;
    }

    /// <summary>All bar timestamps in UTC Unix milliseconds, strictly increasing: Days × 390 of them.</summary>
    public static long[] Timestamps(SyntheticUniverseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var days = TradingDays(options.StartDate, options.Days);
        var times = new long[days.Length * SyntheticUniverseOptions.BarsPerDay];
        int k = 0;
        foreach (var day in days)
        {
            var open = new DateTimeOffset(day.ToDateTime(TimeOnly.FromTimeSpan(SyntheticUniverseOptions.SessionOpenUtc)), TimeSpan.Zero);
            long openMs = open.ToUnixTimeMilliseconds();
            for (int m = 0; m < SyntheticUniverseOptions.BarsPerDay; m++)
                times[k++] = openMs + m * MinuteMs;
        }
        return times;
    }
}
