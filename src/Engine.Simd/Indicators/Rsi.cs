namespace Backtest.Indicators;

/// <summary>
/// Wilder's RSI (spec §2), defined from bar n. Average gain and loss are seeded with plain means of the
/// first n changes, then smoothed with weight 1/n. Flat prices give 50, not 0 as TA-Lib does.
/// </summary>
public static class Rsi
{
    public static double[] Compute(ReadOnlySpan<double> values, int period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var result = IndicatorSeries.Undefined(values.Length);
        if (values.Length <= period) return result;

        double gainSum = 0, lossSum = 0;
        for (int k = 1; k <= period; k++)
        {
            double d = values[k] - values[k - 1];
            gainSum += Math.Max(d, 0);
            lossSum += Math.Max(-d, 0);
        }
        double avgGain = gainSum / period, avgLoss = lossSum / period;
        result[period] = FromAverages(avgGain, avgLoss);

        for (int k = period + 1; k < values.Length; k++)
        {
            double d = values[k] - values[k - 1];
            avgGain = (avgGain * (period - 1) + Math.Max(d, 0)) / period;
            avgLoss = (avgLoss * (period - 1) + Math.Max(-d, 0)) / period;
            result[k] = FromAverages(avgGain, avgLoss);
        }
        return result;
    }

    internal static double FromAverages(double avgGain, double avgLoss)
    {
        double total = avgGain + avgLoss;
        return total == 0 ? 50.0 : 100.0 * avgGain / total;
    }
}
