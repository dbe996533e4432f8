using System.Text;

namespace Backtest.Data;

/// <summary>Parses the text of <c>--start</c> / <c>--end</c> into an inclusive instant (spec §1).</summary>
public static class TimeWindowBound
{
    /// <summary>
    /// A date alone (<c>2024-01-02</c>, <c>20240102</c>, <c>1/2/2024</c>) means 00:00Z of that day for a start
    /// and the last millisecond of that day (23:59:59.999Z) for an end, so the whole day is included.
    /// Anything else is a full timestamp in any form <see cref="TimestampParser"/> reads (no offset = UTC).
    /// </summary>
    /// <exception cref="FormatException">The text is not a date or timestamp.</exception>
    public static DateTimeOffset Parse(string text, bool isEnd)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text.Trim());
        if (!TimestampParser.TryParseUtf8(bytes, out long ms))
            throw new FormatException($"'{text}' is not a date or timestamp (try 2024-01-02 or 2024-01-02T14:30:00Z).");
        if (isEnd && TimestampParser.IsDateOnly(bytes)) ms += 86_400_000 - 1;
        if (UnixTime.RangeProblem(ms, text.Trim()) is { } problem) throw new FormatException(problem + ".");
        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
