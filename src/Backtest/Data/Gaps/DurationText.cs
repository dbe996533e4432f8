using System.Globalization;

namespace Backtest.Data.Gaps;

/// <summary>
/// Durations as <c>--max-gap</c> takes them: a number and a unit, <c>4d</c>, <c>36h</c>, <c>90m</c>, <c>30s</c>,
/// <c>500ms</c>, <c>1.5d</c> (invariant culture, any case), and the shortest such text for a report.
/// </summary>
public static class DurationText
{
    private static readonly (string Unit, long Ms)[] Units =
    [
        ("ms", 1), ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000),
    ];

    /// <summary>Longer than any series (100 years): keeps every later sum of instants far from overflow.</summary>
    public const long MaxMs = 36_525L * 86_400_000;

    /// <summary>The duration in whole milliseconds (rounded), or false when the text is not one in (0, 100 years].</summary>
    public static bool TryParse(string? text, out long milliseconds)
    {
        milliseconds = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        foreach (var (unit, ms) in Units)
        {
            if (!s.EndsWith(unit, StringComparison.OrdinalIgnoreCase)) continue;
            var number = s.AsSpan(0, s.Length - unit.Length).Trim();
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)) return false;
            double total = Math.Round(value * ms);
            if (!(total >= 1 && total <= MaxMs)) return false;
            milliseconds = (long)total;
            return true;
        }
        return false;
    }

    /// <summary>The largest unit that divides the duration: 4d, 36h, 90m, 30s, 500ms.</summary>
    public static string Format(long milliseconds)
    {
        foreach (var (unit, ms) in Units.Skip(1).Append(Units[0]))
        {
            if (milliseconds % ms == 0) return (milliseconds / ms).ToString(CultureInfo.InvariantCulture) + unit;
        }
        return milliseconds.ToString(CultureInfo.InvariantCulture) + "ms";
    }
}
