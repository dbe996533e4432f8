namespace Backtest.Panel;

/// <summary>
/// The factor an f32 panel multiplies a series' prices by so that f32 holds them exactly: the smallest
/// power of ten that makes every price a whole number below 2^24 whose division by the factor gives back
/// the very double the loader read (cents for prices quoted in cents: 123.45 is stored as 12345). Changes
/// of exact prices are exact, ties stay ties, and fills read back the loader's prices, so f32 money is the
/// reference's money. A series no power of ten up to 10^6 makes exact keeps factor 1 and is marked
/// inexact: its f32 prices carry rounding (up to 2^-24 of the price), which the kernel's tolerances cover.
/// </summary>
public static class PriceScale
{
    /// <summary>Whole numbers f32 represents exactly: below 2^24.</summary>
    public const double F32ExactLimit = 1 << 24;

    private const int MaxDigits = 6;

    private static readonly double[] PowersOfTen = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

    /// <summary>The factor for one series, and whether its prices are exact with it (an empty series is).</summary>
    public static (double Scale, bool Exact) ForF32(Data.BarSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        int digits = 0;
        double largest = 0;
        foreach (var field in new[] { series.Open, series.High, series.Low, series.Close })
        {
            foreach (double price in field)
            {
                largest = Math.Max(largest, Math.Abs(price));
                while (!IsExact(price, PowersOfTen[digits]))
                {
                    if (++digits > MaxDigits) return (1, false);
                }
            }
        }
        // A price accepted at a smaller factor may pass 2^24 at the final one (200,000.5 beside 1.01: 20,000,050 cents).
        // A larger factor only makes it larger, and exactness short of the limit holds at every larger factor.
        double scale = PowersOfTen[digits];
        return Math.Round(largest * scale) < F32ExactLimit ? (scale, true) : (1, false);
    }

    /// <summary>price·scale is a whole number f32 holds, and dividing it by scale gives price back.</summary>
    public static bool IsExact(double price, double scale)
    {
        double scaled = Math.Round(price * scale);
        return scaled < F32ExactLimit && scaled / scale == price;
    }
}
