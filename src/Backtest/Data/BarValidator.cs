using System.Globalization;

namespace Backtest.Data;

/// <summary>
/// The validity rule of spec §1 for a parsed row, plus the price range bt represents; returns why a row is
/// invalid, or null. Every source (CSV, LEAN, Parquet, PostgreSQL) validates through this one rule.
/// </summary>
public static class BarValidator
{
    /// <summary>
    /// The smallest price bt represents. A budget of $5,000 buys 5e11 shares at 1e-8, an exact integer in f64,
    /// and (with capital at most <see cref="Strategy.StrategyParameters.MaxCapital"/>) every order stays below
    /// 1e18 shares, inside a long; squared deviations of such prices stay normal numbers in f32. Below it,
    /// 1e-299 sized orders of long.MaxValue shares and reported returns of −1.8e282 %.
    /// </summary>
    public const double MinPrice = 1e-8;

    /// <summary>
    /// The largest price bt represents: squared deviations of windows of such prices (1e18 each) stay far inside
    /// f32, and the f64 rounding of a price (1e-7) stays far below a cent. Well above any quoted share (BRK.A).
    /// </summary>
    public const double MaxPrice = 1e9;

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
        !double.IsFinite(v) ? $"{name} {F(v)} is not finite"
        : v <= 0 ? $"{name} {F(v)} is not positive"
        : v < MinPrice ? $"{name} {F(v)} is below the smallest price bt represents, {F(MinPrice)}"
        : v > MaxPrice ? $"{name} {F(v)} is above the largest price bt represents, {F(MaxPrice)}"
        : null;

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
