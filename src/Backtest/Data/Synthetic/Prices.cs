namespace Backtest.Data.Synthetic;

/// <summary>Cent rounding of synthetic prices.</summary>
internal static class Prices
{
    /// <summary>The smallest price a synthetic bar may show: a price never rounds to zero.</summary>
    public const double MinPrice = 0.01;

    /// <summary>
    /// Nearest cent (halves away from zero), at least one cent. x·100, Math.Round and /100 are each exact
    /// or correctly rounded, so the result is the same double on every platform: the one closest to k/100.
    /// </summary>
    public static double ToCents(double price) =>
        Math.Max(MinPrice, Math.Round(price * 100.0, MidpointRounding.AwayFromZero) / 100.0);
}
