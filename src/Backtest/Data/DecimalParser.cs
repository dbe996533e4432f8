using System.Globalization;

namespace Backtest.Data;

/// <summary>
/// Parses the plain decimals of bar files (<c>67.7142</c>, <c>158168416</c>) about four times faster than
/// <see cref="double.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out double)"/>, with bit-identical
/// results: with at most 15 significant digits the digits form an integer m &lt; 2^53 and the scale 10^k (k ≤ 15)
/// is exact too, so the single IEEE division m / 10^k is correctly rounded (Clinger's fast path). Anything else
/// (exponents, more digits, NaN, stray characters) goes to the BCL parser.
/// </summary>
public static class DecimalParser
{
    private static readonly double[] PowersOf10 =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>Parses a trimmed UTF-8 number; false when it is not one.</summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out double value)
    {
        int i = 0;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            i = 1;
        }

        ulong m = 0;
        int digits = 0, fraction = -1;
        for (; i < s.Length; i++)
        {
            uint d = (uint)(s[i] - '0');
            if (d <= 9)
            {
                m = m * 10 + d;
                digits++;
                if (fraction >= 0) fraction++;
            }
            else if (s[i] == '.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return Fallback(s, out value);
            }
        }

        if (digits == 0 || digits > 15) return Fallback(s, out value);
        double v = fraction > 0 ? m / PowersOf10[fraction] : m;
        value = negative ? -v : v;
        return true;
    }

    private static bool Fallback(ReadOnlySpan<byte> s, out double value) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
