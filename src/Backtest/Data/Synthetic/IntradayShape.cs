namespace Backtest.Data.Synthetic;

/// <summary>
/// The U shapes of a session: volatility and volume are highest just after the open and just before the
/// close. Rational functions rather than exponentials, so the weights use only correctly rounded IEEE
/// operations and are bit-identical on every platform.
/// </summary>
internal static class IntradayShape
{
    /// <summary>Per-minute volatility multipliers, scaled so their squares average 1 (the daily variance is kept).</summary>
    public static double[] Volatility(int barsPerDay)
    {
        var variance = UShape(barsPerDay, floor: 0.8, openBoost: 1.2, closeBoost: 0.6, width: 15.0);
        double mean = 0;
        foreach (double v in variance)
            mean += v;
        mean /= barsPerDay;
        var result = new double[barsPerDay];
        for (int m = 0; m < barsPerDay; m++)
            result[m] = Math.Sqrt(variance[m] / mean);
        return result;
    }

    /// <summary>Per-minute volume multipliers, averaging 1; the open trades most, the close next.</summary>
    public static double[] Volume(int barsPerDay)
    {
        var weights = UShape(barsPerDay, floor: 0.6, openBoost: 2.5, closeBoost: 1.8, width: 20.0);
        double mean = 0;
        foreach (double w in weights)
            mean += w;
        mean /= barsPerDay;
        for (int m = 0; m < barsPerDay; m++)
            weights[m] /= mean;
        return weights;
    }

    private static double[] UShape(int n, double floor, double openBoost, double closeBoost, double width)
    {
        var result = new double[n];
        for (int m = 0; m < n; m++)
        {
            double fromOpen = 1.0 + m / width;
            double toClose = 1.0 + (n - 1 - m) / width;
            result[m] = floor + openBoost / (fromOpen * fromOpen) + closeBoost / (toClose * toClose);
        }
        return result;
    }
}
