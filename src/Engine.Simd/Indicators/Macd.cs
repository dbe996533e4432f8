namespace Backtest.Indicators;

/// <summary>The MACD line and its signal line.</summary>
public sealed record MacdLines(double[] Macd, double[] Signal);

/// <summary>
/// MACD(f, s, g) (spec §2): macd = EMA(f) − EMA(s) from bar s−1, each EMA seeded on its own; the signal
/// is seeded at bar s+g−2 with the mean of the first g macd values, then smoothed like EMA(g).
/// </summary>
public static class Macd
{
    public static MacdLines Compute(ReadOnlySpan<double> values, int fast, int slow, int signal)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fast, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(slow, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
        var fastEma = Ema.Compute(values, fast);
        var slowEma = Ema.Compute(values, slow);
        var macd = IndicatorSeries.Undefined(values.Length);
        int first = Math.Max(fast, slow) - 1;
        for (int k = first; k < values.Length; k++)
            macd[k] = fastEma[k] - slowEma[k];

        var signalLine = IndicatorSeries.Undefined(values.Length);
        if (values.Length > first)
        {
            var signalTail = Ema.Compute(macd.AsSpan(first), signal);
            signalTail.CopyTo(signalLine.AsSpan(first));
        }
        return new MacdLines(macd, signalLine);
    }
}
