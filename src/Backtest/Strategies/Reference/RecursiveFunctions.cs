namespace Backtest.Strategies.Reference;

/// <summary>
/// The recursive functions of strategies.md §5 (ema, rma, rsi, obv). An na input leaves the state unchanged and gives
/// na at that bar; the seed is the mean of the first n defined inputs, wherever they fall.
/// </summary>
internal static class RecursiveFunctions
{
    /// <summary>ema: α = 2/(n+1), e = (x − e[1])·α + e[1].</summary>
    public static double[] Ema(ReadOnlySpan<double> x, int n)
    {
        double alpha = 2.0 / (n + 1);
        return Seeded(x, n, (e, v) => (v - e) * alpha + e);
    }

    /// <summary>rma (Wilder): e = (e[1]·(n−1) + x)/n.</summary>
    public static double[] Rma(ReadOnlySpan<double> x, int n) => Seeded(x, n, (e, v) => (e * (n - 1) + v) / n);

    private static double[] Seeded(ReadOnlySpan<double> x, int n, Func<double, double, double> step)
    {
        var result = new double[x.Length];
        double state = 0, seedSum = 0;
        int seen = 0;
        for (int k = 0; k < x.Length; k++)
        {
            result[k] = double.NaN;
            if (double.IsNaN(x[k])) continue;
            if (seen < n)
            {
                seedSum += x[k];
                if (++seen < n) continue;
                state = seedSum / n;
            }
            else
            {
                state = step(state, x[k]);
            }
            result[k] = state;
        }
        return result;
    }

    /// <summary>
    /// Wilder's RSI of x: gains and losses of d = x − x[1] (an na d is skipped), each seeded with the mean of the
    /// first n defined d and then smoothed like rma; 100·AG/(AG+AL), 50 where AG+AL = 0.
    /// </summary>
    public static double[] Rsi(ReadOnlySpan<double> x, int n)
    {
        var result = new double[x.Length];
        double averageGain = 0, averageLoss = 0;
        int seen = 0;
        for (int k = 0; k < x.Length; k++)
        {
            result[k] = double.NaN;
            if (k == 0) continue;
            double d = x[k] - x[k - 1];
            if (double.IsNaN(d)) continue;
            double gain = Math.Max(d, 0), loss = Math.Max(-d, 0);
            if (seen < n)
            {
                averageGain += gain;
                averageLoss += loss;
                if (++seen < n) continue;
                averageGain /= n;
                averageLoss /= n;
            }
            else
            {
                averageGain = (averageGain * (n - 1) + gain) / n;
                averageLoss = (averageLoss * (n - 1) + loss) / n;
            }
            double both = averageGain + averageLoss;
            result[k] = both == 0 ? 50 : 100 * averageGain / both;
        }
        return result;
    }

    /// <summary>On-balance volume: 0 at bar 0, then + volume when close rises, − when it falls (exact comparison).</summary>
    public static double[] Obv(ReadOnlySpan<double> close, ReadOnlySpan<double> volume)
    {
        var result = new double[close.Length];
        double obv = 0;
        for (int k = 0; k < close.Length; k++)
        {
            if (k == 0)
            {
                result[k] = 0;
                continue;
            }
            double c = close[k], previous = close[k - 1], v = volume[k];
            if (double.IsNaN(c) || double.IsNaN(previous) || double.IsNaN(v))
            {
                result[k] = double.NaN;
                continue;
            }
            if (c > previous) obv += v;
            else if (c < previous) obv -= v;
            result[k] = obv;
        }
        return result;
    }
}
