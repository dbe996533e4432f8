namespace Backtest.Data.Synthetic;

/// <summary>
/// The built-in synthetic universe: <see cref="SyntheticUniverseOptions.Symbols"/> symbols of one-minute bars
/// that look like US equities (lognormal price levels, GARCH(1,1) volatility clustering, overnight gaps,
/// U-shaped intraday volatility and volume, prices in cents).
/// </summary>
/// <remarks>
/// Symbol i's bars depend only on (Seed, i, StartDate, Days): each symbol has its own xoshiro256** stream
/// seeded from (Seed, i), so the result does not depend on the thread count or on how many other symbols are
/// generated, and the first d days of a longer run equal a d-day run. Outputs are bit-identical across runs
/// and thread counts; across platforms they are too except where Math.Log/Exp/Sin/Cos differ in the last ulp
/// between math libraries (IEEE 754 does not require them to be correctly rounded).
/// </remarks>
public static class SyntheticUniverse
{
    // GARCH(1,1) on the deseasonalised minute shocks: h' = ω + α·ε² + β·h. Persistence α+β = 0.98 gives
    // clusters lasting tens of minutes; a lag-1 autocorrelation of ε² near 0.14; and a finite fourth
    // moment (3α² + 2αβ + β² ≈ 0.97 < 1), so sample statistics settle.
    private const double Alpha = 0.06;
    private const double Beta = 0.92;

    // The variance process stays within [h̄/25, 25·h̄] (volatility within ×1/5 … ×5 of its mean): a cluster
    // can never explode the price or freeze it, whatever the number of days.
    private const double VarianceClamp = 25.0;

    // Overnight gap: standard deviation 0.35 × the daily volatility, and on 2 % of nights a news gap four
    // times larger. The intraday share of the daily variance is reduced to make room for it.
    private const double GapVolatilityFraction = 0.35;
    private const double NewsGapProbability = 0.02;
    private const double NewsGapMultiplier = 4.0;
    private const double IntradayVarianceShare = 0.84;

    // A weak pull of the log price back to its start (1 % of the distance per night) keeps long runs
    // within a plausible range without visibly changing a 60-day one.
    private const double MeanReversionPerNight = 0.01;

    // Hard bounds on the unrounded price path: a last resort that realistic parameters never reach.
    private const double PathFloor = 0.50;
    private const double PathCeiling = 1_000_000.0;

    // A minute's open sits near the previous close (noise 0.1 × the bar's volatility, about a tick);
    // highs and lows reach beyond the body by |N(0,1)| × 0.5 × the bar's volatility, at most 20 %.
    private const double OpenNoise = 0.1;
    private const double WickScale = 0.5;
    private const double MaxWick = 0.2;

    /// <summary>The name of symbol <paramref name="index"/> (0-based): SYN0001, SYN0002, …</summary>
    public static string SymbolName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SyntheticUniverseOptions.MaxSymbols);
        return "SYN" + (index + 1).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// All symbols, generated in parallel, in symbol order. This holds every bar in memory (about 1.1 MB a
    /// symbol with the defaults); to stream, call <see cref="GenerateSymbol(SyntheticUniverseOptions, int)"/>.
    /// </summary>
    /// <param name="maxDegreeOfParallelism">−1 for the runtime's choice; the bars never depend on it.</param>
    public static IReadOnlyList<BarSeries> Generate(
        SyntheticUniverseOptions options, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        var layout = new SessionLayout(options);
        var result = new BarSeries[options.Symbols];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, options.Symbols, parallel, i => result[i] = Generate(options, i, layout));
        return result;
    }

    /// <summary>Symbol <paramref name="index"/> (0-based, below <see cref="SyntheticUniverseOptions.Symbols"/>) on its own.</summary>
    public static BarSeries GenerateSymbol(SyntheticUniverseOptions options, int index)
    {
        var layout = new SessionLayout(options);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, options.Symbols);
        return Generate(options, index, layout);
    }

    internal static BarSeries Generate(SyntheticUniverseOptions options, int index, SessionLayout layout)
    {
        const int perDay = SyntheticUniverseOptions.BarsPerDay;
        var rng = new Xoshiro256StarStar(options.Seed, (ulong)index);
        var profile = SymbolProfile.Draw(ref rng);

        int n = layout.Times.Length;
        var open = new double[n];
        var high = new double[n];
        var low = new double[n];
        var close = new double[n];
        var volume = new double[n];

        double dailyVariance = profile.DailyVolatility * profile.DailyVolatility;
        double meanVariance = dailyVariance * IntradayVarianceShare / perDay;
        double omega = meanVariance * (1.0 - Alpha - Beta);
        double minVariance = meanVariance / VarianceClamp;
        double maxVariance = meanVariance * VarianceClamp;
        double gapSigma = GapVolatilityFraction * profile.DailyVolatility;
        double drift = profile.DailyDrift / perDay;

        double variance = meanVariance;
        double price = profile.StartPrice; // the unrounded close the path walks on
        int k = 0;
        for (int day = 0; day < options.Days; day++)
        {
            // Drawn every night, the first one included, so each day consumes the same number of draws.
            double gapShock = rng.NextNormal();
            bool newsGap = rng.NextDouble() < NewsGapProbability;
            for (int m = 0; m < perDay; m++, k++)
            {
                double z = rng.NextNormal();
                double zOpen = rng.NextNormal();
                double zHigh = rng.NextNormal();
                double zLow = rng.NextNormal();
                double volumeShock = rng.NextExponential();

                double sigma = Math.Sqrt(variance);
                double barSigma = sigma * layout.VolatilityShape[m];
                double shock = sigma * z; // deseasonalised: what the GARCH recursion sees
                double ret = Math.Clamp(drift + shock * layout.VolatilityShape[m], -0.5, 0.5);

                double o, c;
                if (m == 0)
                {
                    if (day == 0)
                    {
                        o = price;
                    }
                    else
                    {
                        double gap = -MeanReversionPerNight * Math.Log(price / profile.StartPrice)
                            + gapSigma * (newsGap ? NewsGapMultiplier : 1.0) * gapShock;
                        o = ClampPath(price * (1.0 + Math.Clamp(gap, -0.5, 1.0)));
                    }
                    c = ClampPath(o * (1.0 + ret));
                }
                else
                {
                    o = ClampPath(price * (1.0 + OpenNoise * barSigma * zOpen));
                    c = ClampPath(price * (1.0 + ret));
                }
                double h = Math.Max(o, c) * (1.0 + Math.Min(MaxWick, WickScale * barSigma * Math.Abs(zHigh)));
                double l = Math.Min(o, c) * (1.0 - Math.Min(MaxWick, WickScale * barSigma * Math.Abs(zLow)));

                // Cents, then restore high ≥ max(open, close) ≥ min(open, close) ≥ low, which rounding can break.
                double ro = Prices.ToCents(o);
                double rc = Prices.ToCents(c);
                open[k] = ro;
                close[k] = rc;
                high[k] = Math.Max(Prices.ToCents(h), Math.Max(ro, rc));
                low[k] = Math.Min(Prices.ToCents(l), Math.Min(ro, rc));

                // Volume: the intraday U, more trading when volatility is high and on large moves, and an
                // exponential factor (mean 1) for the minute-to-minute noise of real prints.
                double activity = sigma / Math.Sqrt(meanVariance) * (0.6 + 0.4 * Math.Abs(z));
                volume[k] = Math.Round(profile.BaseVolume * layout.VolumeShape[m] * activity * (0.5 + 0.5 * volumeShock));

                variance = Math.Clamp(omega + Alpha * shock * shock + Beta * variance, minVariance, maxVariance);
                price = c;
            }
        }

        return new BarSeries(SymbolName(index), (long[])layout.Times.Clone(), open, high, low, close, volume);
    }

    private static double ClampPath(double price) => Math.Clamp(price, PathFloor, PathCeiling);
}
