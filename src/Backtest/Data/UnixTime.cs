using System.Globalization;

namespace Backtest.Data;

/// <summary>Conversions between the Unix-millisecond instants of <see cref="BarSeries"/> and text.</summary>
public static class UnixTime
{
    /// <summary>0001-01-01T00:00:00Z, the first instant a .NET date holds.</summary>
    public const long MinMs = -62_135_596_800_000;

    /// <summary>9999-12-31T23:59:59.999Z, the last instant a .NET date holds.</summary>
    public const long MaxMs = 253_402_300_799_999;

    /// <summary>True when a .NET date can hold the instant. Every bar's time is one: sources refuse the others per row.</summary>
    public static bool IsRepresentable(long unixMs) => unixMs is >= MinMs and <= MaxMs;

    /// <summary>Why a timestamp read as <paramref name="text"/> is refused, or null when it is representable.</summary>
    /// <remarks>Callers on a per-row path test <see cref="IsRepresentable"/> first, so that no text is made for a valid row.</remarks>
    public static string? RangeProblem(long unixMs, string text) =>
        IsRepresentable(unixMs) ? null : $"timestamp '{text}' is outside the dates bt can hold (0001-01-01 .. 9999-12-31)";

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
