namespace Backtest.Indicators;

/// <summary>Bollinger bands: the middle SMA(n) and the bands k population standard deviations away.</summary>
public sealed record BollingerBands(double[] Middle, double[] Upper, double[] Lower);

/// <summary>
/// Bollinger(n, k) (spec §2), defined from bar n−1. The reference form computes each window's mean and
/// then the mean squared deviation from it (two passes), which avoids the cancellation of E[x²]−E[x]².
/// </summary>
public static class Bollinger
{
    public static BollingerBands Compute(ReadOnlySpan<double> values, int period, double k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        var middle = IndicatorSeries.Undefined(values.Length);
        var upper = IndicatorSeries.Undefined(values.Length);
        var lower = IndicatorSeries.Undefined(values.Length);
        for (int i = period - 1; i < values.Length; i++)
        {
            var window = values.Slice(i - period + 1, period);
            double mean = Sma.WindowMean(window);
            double squares = 0;
            foreach (double v in window) squares += (v - mean) * (v - mean);
            double sd = Math.Sqrt(squares / period);
            middle[i] = mean;
            upper[i] = mean + k * sd;
            lower[i] = mean - k * sd;
        }
        return new BollingerBands(middle, upper, lower);
    }
}
