namespace Backtest.Indicators;

internal static class IndicatorSeries
{
    /// <summary>A series of NaN: the value of every bar before an indicator's first defined bar.</summary>
    public static double[] Undefined(int length)
    {
        var result = new double[length];
        result.AsSpan().Fill(double.NaN);
        return result;
    }
}
