using System.Globalization;

namespace Backtest.Data;

/// <summary>The validity rule of spec §1 for a parsed row; returns why a row is invalid, or null.</summary>
internal static class BarValidator
{
    /// <summary>Checks parsed values; NaN stands for a price that is missing (reported before this call).</summary>
    public static string? Check(double open, double high, double low, double close, double volume)
    {
        return Price("open", open) ?? Price("high", high) ?? Price("low", low) ?? Price("close", close)
            ?? (high < Math.Max(open, close) ? $"high {F(high)} is below max(open, close) = {F(Math.Max(open, close))}" : null)
            ?? (low > Math.Min(open, close) ? $"low {F(low)} is above min(open, close) = {F(Math.Min(open, close))}" : null)
            ?? (!double.IsFinite(volume) ? $"volume {F(volume)} is not finite"
                : volume < 0 ? $"volume {F(volume)} is negative" : null);
    }

    private static string? Price(string name, double v) =>
        !double.IsFinite(v) ? $"{name} {F(v)} is not finite" : v <= 0 ? $"{name} {F(v)} is not positive" : null;

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
