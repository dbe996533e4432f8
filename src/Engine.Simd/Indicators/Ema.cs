namespace Backtest.Indicators;

/// <summary>
/// Exponential moving average (spec §2): α = 2/(n+1), seeded at bar n−1 with the mean of the first n
/// values, then EMA[k] = (x[k] − EMA[k−1])·α + EMA[k−1]. This is Stock.Indicators' seeding.
/// </summary>
public static class Ema
{
    public static double[] Compute(ReadOnlySpan<double> values, int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var result = IndicatorSeries.Undefined(values.Length);
        if (values.Length < period) return result;
        double alpha = 2.0 / (period + 1.0);
        double ema = Sma.WindowMean(values[..period]);
        result[period - 1] = ema;
        for (int k = period; k < values.Length; k++)
        {
            ema = (values[k] - ema) * alpha + ema;
            result[k] = ema;
        }
        return result;
    }
}
