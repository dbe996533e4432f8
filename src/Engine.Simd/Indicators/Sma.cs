namespace Backtest.Indicators;

/// <summary>Simple moving average (spec §2): mean of x[k−n+1..k], defined from bar n−1.</summary>
public static class Sma
{
    /// <summary>
    /// The reference form: each window summed directly, so no rounding accumulates along the series.
    /// Undefined bars hold NaN.
    /// </summary>
    public static double[] Compute(ReadOnlySpan<double> values, int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var result = IndicatorSeries.Undefined(values.Length);
        for (int k = period - 1; k < values.Length; k++)
            result[k] = WindowMean(values.Slice(k - period + 1, period));
        return result;
    }

    internal static double WindowMean(ReadOnlySpan<double> window)
    {
        double sum = 0;
        foreach (double v in window) sum += v;
        return sum / window.Length;
    }
}
