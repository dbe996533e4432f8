using System.Globalization;

namespace Backtest.Data;

/// <summary>Conversions between the Unix-millisecond instants of <see cref="BarSeries"/> and text.</summary>
public static class UnixTime
{
    public static DateTimeOffset ToDateTimeOffset(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    /// <summary>ISO 8601 UTC, e.g. 2024-01-02T14:30:00Z; milliseconds only when present.</summary>
    public static string ToIso(long unixMs)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime;
        return t.Millisecond == 0
            ? t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
