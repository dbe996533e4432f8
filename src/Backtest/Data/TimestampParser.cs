using System.Globalization;
using System.Text;

namespace Backtest.Data;

/// <summary>
/// Reads the timestamp texts met in bar files as UTC Unix milliseconds, straight from UTF-8 bytes
/// (the hot path of every row, so the common shapes are parsed by hand without allocating):
/// <list type="bullet">
/// <item>ISO 8601 dates and date-times, <c>T</c> or space separated, optional fraction and offset
///   (<c>2024-01-02T09:30:00-05:00</c>); no offset means UTC.</item>
/// <item><c>yyyyMMdd</c>, <c>yyyyMMdd HHmmss</c> (NinjaTrader / pyalgotrade), <c>yyyyMMdd HH:mm[:ss]</c>.</item>
/// <item>US month-first dates <c>M/d/yyyy</c>, <c>MM/dd/yy</c>, with an optional <c>h:mm[:ss] [AM|PM]</c>;
///   two-digit years 00–49 are 20xx, 50–99 are 19xx (the .NET invariant rule).</item>
/// <item>Day-first dotted dates <c>dd.MM.yyyy</c> (European exports).</item>
/// <item>RFC 1123 <c>Tue, 02 Jan 2024 14:30:00 GMT</c>.</item>
/// <item>Epoch numbers, unit chosen by magnitude |v|: &lt; 1e11 seconds (up to year 5138),
///   &lt; 1e14 milliseconds, &lt; 1e17 microseconds, else nanoseconds. An 8-digit integer that is a valid
///   calendar date between 1800 and 2200 is read as <c>yyyyMMdd</c> instead (epoch seconds of 1970–73).</item>
/// <item>Other texts holding a month name (<c>14-Dec-09</c>): the invariant-culture .NET parser, assuming UTC;
///   a time of day without a date is rejected.</item>
/// </list>
/// </summary>
public static class TimestampParser
{
    private const long MsPerDay = 86_400_000;

    public static bool TryParse(string text, out long unixMs) => TryParseUtf8(Encoding.UTF8.GetBytes(text), out unixMs);

    public static bool TryParseUtf8(ReadOnlySpan<byte> text, out long unixMs)
    {
        unixMs = 0;
        var s = Trim(text);
        if (s.IsEmpty) return false;

        if (IsDigit(s[0]) || s[0] == '-' || s[0] == '+')
        {
            if (TryParseNumeric(s, out unixMs, out bool numeric)) return true;
            if (numeric) return false;
            if (TryParseDateFirst(s, out unixMs)) return true;
        }
        else if (TryParseRfc1123(s, out unixMs))
        {
            return true;
        }

        return TryParseFallback(s, out unixMs);
    }

    /// <summary>True when the text is a date without a time of day (used for date-only window bounds).</summary>
    internal static bool IsDateOnly(ReadOnlySpan<byte> text)
    {
        var s = Trim(text);
        if (s.Length == 8 && AllDigits(s)) return true;
        int i = 0;
        return ReadDatePart(s, ref i, out _, out _, out _) && i == s.Length;
    }

    // ----- epoch numbers and yyyyMMdd -----

    private static bool TryParseNumeric(ReadOnlySpan<byte> s, out long unixMs, out bool numeric)
    {
        unixMs = 0;
        int start = s[0] == '-' || s[0] == '+' ? 1 : 0;
        int dots = 0;
        for (int i = start; i < s.Length; i++)
        {
            if (s[i] == '.') dots++;
            else if (!IsDigit(s[i])) { numeric = false; return false; }
        }

        numeric = s.Length > start && dots <= 1;
        if (!numeric) return false;

        if (start == 0 && dots == 0 && s.Length == 8 && TryDate(Digits(s, 0, 4), Digits(s, 4, 2), Digits(s, 6, 2), out long days)
            && Digits(s, 0, 4) is >= 1800 and <= 2200)
        {
            unixMs = days * MsPerDay;
            return true;
        }

        if (dots == 0 && s.Length - start <= 18)
        {
            long v = 0;
            for (int i = start; i < s.Length; i++) v = v * 10 + (s[i] - '0');
            if (s[0] == '-') v = -v;
            unixMs = EpochToMs(v, Math.Abs((double)v));
            return true;
        }

        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) || !double.IsFinite(d)) return false;
        double a = Math.Abs(d);
        double ms = a < 1e11 ? d * 1000 : a < 1e14 ? d : a < 1e17 ? d / 1000 : d / 1_000_000;
        if (Math.Abs(ms) > 9e15) return false;
        unixMs = (long)Math.Round(ms, MidpointRounding.AwayFromZero);
        return true;
    }

    private static long EpochToMs(long v, double magnitude) =>
        magnitude < 1e11 ? v * 1000 : magnitude < 1e14 ? v : magnitude < 1e17 ? v / 1000 : v / 1_000_000;

    // ----- dates that start with digits: ISO, yyyyMMdd HHmmss, US slashes, dotted -----

    private static bool TryParseDateFirst(ReadOnlySpan<byte> s, out long unixMs)
    {
        unixMs = 0;
        int i = 0;
        if (!ReadDatePart(s, ref i, out int y, out int mo, out int d)) return false;
        if (!TryDate(y, mo, d, out long days)) return false;
        long ms = days * MsPerDay;
        if (i == s.Length) { unixMs = ms; return true; }

        // Separator between date and time: 'T' or spaces.
        if (s[i] == 'T' || s[i] == 't') i++;
        else if (s[i] == ' ') { while (i < s.Length && s[i] == ' ') i++; }
        else return false;

        if (!ReadTimeOfDay(s, ref i, out long timeMs)) return false;
        if (!ReadZone(s, ref i, out long offsetMs)) return false;
        unixMs = ms + timeMs - offsetMs;
        return true;
    }

    private static bool ReadDatePart(ReadOnlySpan<byte> s, ref int i, out int y, out int mo, out int d)
    {
        y = mo = d = 0;
        int a = ReadInt(s, ref i, out int aLen);
        if (aLen == 0) return false;
        if (aLen == 8 && (i == s.Length || s[i] == ' ' || s[i] == 'T'))
        {
            y = a / 10000; mo = a / 100 % 100; d = a % 100;
            return true;
        }

        if (i >= s.Length) return false;
        byte sep = s[i];
        if (sep is not ((byte)'-' or (byte)'/' or (byte)'.')) return false;
        i++;
        int b = ReadInt(s, ref i, out int bLen);
        if (bLen == 0 || i >= s.Length || s[i] != sep) return false;
        i++;
        int c = ReadInt(s, ref i, out int cLen);
        if (cLen == 0) return false;

        if (aLen == 4) { y = a; mo = b; d = c; return cLen <= 2 && bLen <= 2; }   // yyyy-MM-dd, yyyy/MM/dd
        if (aLen > 2 || bLen > 2 || cLen is not (2 or 4)) return false;
        int year = cLen == 4 ? c : c < 50 ? 2000 + c : 1900 + c;
        if (sep == '.') { y = year; mo = b; d = a; return true; }               // dd.MM.yyyy
        y = year; mo = a; d = b;                                                  // M/d/yyyy, MM-dd-yyyy
        return true;
    }

    /// <summary>H[H]:mm[:ss[.f…]] or HHmmss / HHmm, then an optional AM/PM.</summary>
    private static bool ReadTimeOfDay(ReadOnlySpan<byte> s, ref int i, out long ms)
    {
        ms = 0;
        int start = i;
        int h = ReadInt(s, ref i, out int hLen);
        int m = 0, sec = 0;
        long frac = 0;
        if (hLen == 6 || hLen == 4)
        {
            int v = h;
            if (hLen == 6) { sec = v % 100; v /= 100; }
            m = v % 100; h = v / 100;
        }
        else
        {
            if (hLen is 0 or > 2 || i >= s.Length || s[i] != ':') return false;
            i++;
            m = ReadInt(s, ref i, out int mLen);
            if (mLen != 2) return false;
            if (i < s.Length && s[i] == ':')
            {
                i++;
                sec = ReadInt(s, ref i, out int sLen);
                if (sLen != 2) return false;
            }
        }

        if (i < s.Length && (s[i] == '.' || s[i] == ','))
        {
            i++;
            int digits = 0;
            while (i < s.Length && IsDigit(s[i]))
            {
                if (digits < 3) frac = frac * 10 + (s[i] - '0');
                digits++;
                i++;
            }

            if (digits == 0) return false;
            for (int k = digits; k < 3; k++) frac *= 10;
        }

        int save = i;
        while (i < s.Length && s[i] == ' ') i++;
        if (i + 1 < s.Length && (s[i] | 0x20) is (byte)'a' or (byte)'p' && (s[i + 1] | 0x20) == 'm')
        {
            bool pm = (s[i] | 0x20) == 'p';
            if (h is < 1 or > 12) return false;
            h = h % 12 + (pm ? 12 : 0);
            i += 2;
        }
        else
        {
            i = save;
        }

        if (h > 23 || m > 59 || sec > 59 || i == start) return false;
        ms = ((h * 60L + m) * 60 + sec) * 1000 + frac;
        return true;
    }

    /// <summary>Nothing (UTC), Z, UTC, GMT, or ±HH[:mm] / ±HHmm; the offset is local minus UTC.</summary>
    private static bool ReadZone(ReadOnlySpan<byte> s, ref int i, out long offsetMs)
    {
        offsetMs = 0;
        while (i < s.Length && s[i] == ' ') i++;
        if (i == s.Length) return true;
        var rest = s[i..];
        if (rest.Length == 1 && (rest[0] | 0x20) == 'z') return true;
        if (EqualsAscii(rest, "UTC") || EqualsAscii(rest, "GMT")) return true;
        if ((EqualsAsciiPrefix(rest, "UTC") || EqualsAsciiPrefix(rest, "GMT")) && rest.Length > 3) rest = rest[3..];
        if (rest[0] is not ((byte)'+' or (byte)'-')) return false;
        int sign = rest[0] == '-' ? -1 : 1;
        int j = 1;
        int hh = ReadInt(rest, ref j, out int hLen);
        int mm = 0;
        if (hLen == 4) { mm = hh % 100; hh /= 100; }
        else if (hLen is 1 or 2)
        {
            if (j < rest.Length && rest[j] == ':')
            {
                j++;
                mm = ReadInt(rest, ref j, out int mLen);
                if (mLen != 2) return false;
            }
        }
        else return false;

        if (j != rest.Length || hh > 23 || mm > 59) return false;
        offsetMs = sign * (hh * 60L + mm) * 60_000;
        i = s.Length;
        return true;
    }

    // ----- RFC 1123: "Tue, 02 Jan 2024 14:30:00 GMT" (also without the day name) -----

    private static bool TryParseRfc1123(ReadOnlySpan<byte> s, out long unixMs)
    {
        unixMs = 0;
        int i = s.IndexOf((byte)',');
        i = i < 0 ? 0 : i + 1;
        while (i < s.Length && s[i] == ' ') i++;
        int d = ReadInt(s, ref i, out int dLen);
        if (dLen is 0 or > 2 || i + 5 > s.Length || s[i] != ' ') return false;
        int mo = MonthFromName(s.Slice(i + 1, 3));
        i += 4;
        if (mo == 0 || s[i] != ' ') return false;
        i++;
        int y = ReadInt(s, ref i, out int yLen);
        if (yLen != 4 || !TryDate(y, mo, d, out long days)) return false;
        long ms = days * MsPerDay;
        if (i == s.Length) { unixMs = ms; return true; }
        if (s[i] != ' ') return false;
        i++;
        if (!ReadTimeOfDay(s, ref i, out long timeMs) || !ReadZone(s, ref i, out long offsetMs)) return false;
        unixMs = ms + timeMs - offsetMs;
        return true;
    }

    private static int MonthFromName(ReadOnlySpan<byte> m)
    {
        if (m.Length != 3) return 0;
        int key = ((m[0] | 0x20) << 16) | ((m[1] | 0x20) << 8) | (m[2] | 0x20);
        ReadOnlySpan<int> names =
        [
            ('j' << 16) | ('a' << 8) | 'n', ('f' << 16) | ('e' << 8) | 'b', ('m' << 16) | ('a' << 8) | 'r',
            ('a' << 16) | ('p' << 8) | 'r', ('m' << 16) | ('a' << 8) | 'y', ('j' << 16) | ('u' << 8) | 'n',
            ('j' << 16) | ('u' << 8) | 'l', ('a' << 16) | ('u' << 8) | 'g', ('s' << 16) | ('e' << 8) | 'p',
            ('o' << 16) | ('c' << 8) | 't', ('n' << 16) | ('o' << 8) | 'v', ('d' << 16) | ('e' << 8) | 'c',
        ];
        int idx = names.IndexOf(key);
        return idx + 1;
    }

    /// <summary>
    /// Other texts with a month name (<c>14-Dec-09</c>, <c>Jan 2, 2024</c>) go to the invariant-culture parser.
    /// Texts without a letter are not tried there: it would read <c>1.2.3</c> as a date, and a bare time of
    /// day as today's date, which would make a load depend on the wall clock.
    /// </summary>
    private static bool TryParseFallback(ReadOnlySpan<byte> s, out long unixMs)
    {
        unixMs = 0;
        bool hasLetter = false;
        foreach (byte b in s) hasLetter |= (uint)((b | 0x20) - 'a') <= 'z' - 'a';
        if (!hasLetter) return false;
        string text = Encoding.UTF8.GetString(s);
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.NoCurrentDateDefault,
                out var t) || t.Date == DateTime.MinValue.Date)
            return false;
        unixMs = (t.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        return true;
    }

    // ----- small helpers -----

    private static bool TryDate(int y, int m, int d, out long daysSinceEpoch)
    {
        daysSinceEpoch = 0;
        if (y is < 1 or > 9999 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m)) return false;
        // Days from civil (H. Hinnant), exact for the proleptic Gregorian calendar.
        int yy = m <= 2 ? y - 1 : y;
        int era = (yy >= 0 ? yy : yy - 399) / 400;
        int yoe = yy - era * 400;
        int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        daysSinceEpoch = era * 146097L + doe - 719468;
        return true;
    }

    private static int ReadInt(ReadOnlySpan<byte> s, ref int i, out int len)
    {
        int v = 0, start = i;
        while (i < s.Length && IsDigit(s[i]) && i - start < 9) v = v * 10 + (s[i++] - '0');
        len = i - start;
        return v;
    }

    private static int Digits(ReadOnlySpan<byte> s, int start, int count)
    {
        int v = 0;
        for (int k = start; k < start + count; k++) v = v * 10 + (s[k] - '0');
        return v;
    }

    private static bool AllDigits(ReadOnlySpan<byte> s)
    {
        foreach (byte b in s) if (!IsDigit(b)) return false;
        return true;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool EqualsAscii(ReadOnlySpan<byte> s, string word) => s.Length == word.Length && EqualsAsciiPrefix(s, word);

    private static bool EqualsAsciiPrefix(ReadOnlySpan<byte> s, string word)
    {
        if (s.Length < word.Length) return false;
        for (int k = 0; k < word.Length; k++) if ((s[k] | 0x20) != (word[k] | 0x20)) return false;
        return true;
    }

    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s)
    {
        s = s.Trim(" \t\r"u8);
        if (s.Length >= 2 && s[0] == '"' && s[^1] == '"') s = s[1..^1].Trim(" \t"u8);
        return s;
    }
}
