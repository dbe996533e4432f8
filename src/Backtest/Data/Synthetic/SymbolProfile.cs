namespace Backtest.Data.Synthetic;

/// <summary>
/// The traits that make one synthetic symbol differ from another, drawn first from that symbol's own
/// generator (always the same number of draws, so the bars that follow are reproducible).
/// </summary>
internal readonly record struct SymbolProfile(double StartPrice, double DailyVolatility, double DailyDrift, double BaseVolume)
{
    // Lognormal start prices with median $50: about 95 % fall in $8.5 … $290; clamped to $2 … $2,000.
    private const double MedianStartPrice = 50.0;
    private const double StartPriceLogSd = 0.9;

    public static SymbolProfile Draw(ref Xoshiro256StarStar rng)
    {
        double startPrice = Math.Clamp(MedianStartPrice * Math.Exp(StartPriceLogSd * rng.NextNormal()), 2.0, 2_000.0);
        startPrice = Prices.ToCents(startPrice);

        // Daily volatility 1 % … 3 %, uniform: the range of ordinary US equities.
        double dailyVolatility = 0.01 + 0.02 * rng.NextDouble();

        // About +7.5 % a year on average, with a spread between symbols; small next to the volatility.
        double dailyDrift = 0.0003 + 0.0005 * rng.NextNormal();

        // Shares per minute: cheaper stocks trade more shares; median 3,000 at $50.
        double baseVolume = 3_000.0 * Math.Sqrt(MedianStartPrice / startPrice) * Math.Exp(0.8 * rng.NextNormal());

        return new SymbolProfile(startPrice, dailyVolatility, dailyDrift, baseVolume);
    }
}
