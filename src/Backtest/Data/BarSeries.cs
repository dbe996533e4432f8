namespace Backtest.Data;

/// <summary>
/// One symbol's cleaned bar series (spec §1): valid rows only, sorted by time, duplicates resolved,
/// windowed. Bars are indexed k = 0 .. Count−1. Timestamps are UTC instants in Unix milliseconds.
/// </summary>
public sealed class BarSeries
{
    public BarSeries(string symbol, long[] times, double[] open, double[] high, double[] low, double[] close, double[] volume)
    {
        int n = times.Length;
        if (open.Length != n || high.Length != n || low.Length != n || close.Length != n || volume.Length != n)
            throw new ArgumentException($"Series '{symbol}': every field must hold {n} values.");
        Symbol = symbol;
        Times = times;
        Open = open;
        High = high;
        Low = low;
        Close = close;
        Volume = volume;
    }

    public string Symbol { get; }
    public long[] Times { get; }
    public double[] Open { get; }
    public double[] High { get; }
    public double[] Low { get; }
    public double[] Close { get; }
    public double[] Volume { get; }
    public int Count => Times.Length;

    /// <summary>A copy holding bars [start, start+length).</summary>
    public BarSeries Slice(int start, int length) => Slice(start, length, Symbol);

    /// <summary>A copy holding bars [start, start+length), named <paramref name="symbol"/> (a segment of a series split at gaps).</summary>
    public BarSeries Slice(int start, int length, string symbol) => new(
        symbol,
        Times.AsSpan(start, length).ToArray(),
        Open.AsSpan(start, length).ToArray(),
        High.AsSpan(start, length).ToArray(),
        Low.AsSpan(start, length).ToArray(),
        Close.AsSpan(start, length).ToArray(),
        Volume.AsSpan(start, length).ToArray());
}
