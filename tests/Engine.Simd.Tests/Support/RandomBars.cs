using Backtest.Data;

namespace Backtest.Tests.Support;

/// <summary>
/// Random but valid bar series for the engine contract: random walks in whole cents (so flat bars and
/// exact ties occur, as in thin minute data), regimes of drift and volatility that make every score part
/// fire, runs of unchanged prices, gaps between bars, and lengths that vary from empty to long.
/// Deterministic for a seed.
/// </summary>
internal static class RandomBars
{
    /// <param name="cents">Prices in whole cents (as quoted); false gives prices with no decimal form, which
    /// f32 cannot hold exactly.</param>
    public static BarSeries Series(string symbol, int bars, int seed, long spacingMs = Bars.MinuteMs, bool cents = true)
    {
        double Cents(double price) => cents ? RandomBars.Cents(price) : Math.Max(0.01, price);
        var rng = new Random(seed);
        var times = new long[bars];
        var open = new double[bars];
        var high = new double[bars];
        var low = new double[bars];
        var close = new double[bars];
        double price = Math.Round(5 + rng.NextDouble() * 500, 2);
        double drift = 0, vol = 0.002;
        long t = Bars.StartMs;
        int flatLeft = 0;
        for (int k = 0; k < bars; k++)
        {
            if (rng.NextDouble() < 0.01)
            {
                drift = (rng.NextDouble() - 0.5) * 0.002;
                vol = 0.0005 + rng.NextDouble() * 0.006;
            }
            if (flatLeft == 0 && rng.NextDouble() < 0.004) flatLeft = rng.Next(5, 80);

            double o = price;
            if (flatLeft > 0)
            {
                flatLeft--;
                open[k] = high[k] = low[k] = close[k] = o;
            }
            else
            {
                double c = Cents(o * Math.Exp(drift + vol * Normal(rng)));
                double wick = Math.Abs(Normal(rng)) * vol * o;
                open[k] = o;
                close[k] = c;
                high[k] = Cents(Math.Max(o, c) + wick * rng.NextDouble());
                low[k] = Math.Max(0.01, Cents(Math.Min(o, c) - wick * rng.NextDouble()));
                if (low[k] > Math.Min(o, c)) low[k] = Math.Min(o, c);
                price = c;
                // The next open gaps a little now and then.
                if (rng.NextDouble() < 0.02) price = Cents(price * Math.Exp(vol * 3 * Normal(rng)));
            }
            times[k] = t;
            t += rng.NextDouble() < 0.05 ? spacingMs * rng.Next(2, 30) : spacingMs;
        }
        return new BarSeries(symbol, times, open, high, low, close, new double[bars]);
    }

    /// <summary>
    /// <paramref name="count"/> series with lengths spread over [0, <paramref name="maxBars"/>], including
    /// several shorter than any warm-up and several of exactly the maximum.
    /// </summary>
    public static List<BarSeries> Universe(int count, int maxBars, int seed, bool cents = true)
    {
        var rng = new Random(seed);
        var list = new List<BarSeries>(count);
        for (int i = 0; i < count; i++)
        {
            int length = (i % 10) switch
            {
                0 => rng.Next(0, 60),
                1 => maxBars,
                _ => rng.Next(60, maxBars + 1),
            };
            list.Add(Series($"R{i:D4}", length, seed * 7919 + i, cents: cents));
        }
        return list;
    }

    /// <summary>
    /// <paramref name="series"/> with its prices multiplied by <paramref name="factor"/> and bars
    /// <paramref name="spikeBars"/> replaced by a valid bar whose four prices are <paramref name="spike"/>.
    /// </summary>
    public static BarSeries Scaled(BarSeries series, double factor, double? spike = null, params int[] spikeBars)
    {
        double[] Scale(double[] v) => v.Select(x => x * factor).ToArray();
        var (open, high, low, close) = (Scale(series.Open), Scale(series.High), Scale(series.Low), Scale(series.Close));
        foreach (int k in spikeBars) open[k] = high[k] = low[k] = close[k] = spike!.Value;
        return new BarSeries(series.Symbol, series.Times, open, high, low, close, series.Volume);
    }

    private static double Cents(double price) => Math.Max(0.01, Math.Round(price, 2, MidpointRounding.AwayFromZero));

    private static double Normal(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
