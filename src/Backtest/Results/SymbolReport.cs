using Backtest.Data;
using Backtest.Engines;

namespace Backtest.Results;

/// <summary>
/// One backtested symbol: the engine's result beside the series it ran on, so trade bar indices and
/// the first and last bar can be turned into timestamps. <see cref="Compact"/> keeps only the times
/// the reports read (first, last, and each trade's entry and exit bar), so that a run in batches does
/// not hold every bar of every symbol until the results are written.
/// </summary>
public sealed class SymbolReport
{
    private readonly int[] _timeBars;
    private readonly long[] _times;

    public SymbolReport(BarSeries series, SymbolResult result)
    {
        ArgumentNullException.ThrowIfNull(series);
        Check(series, result);
        Series = series;
        Result = result;
        Bars = series.Count;
        _timeBars = [];
        _times = series.Times;
    }

    private SymbolReport(SymbolResult result, int bars, int[] timeBars, long[] times)
    {
        Result = result;
        Bars = bars;
        _timeBars = timeBars;
        _times = times;
    }

    /// <summary>
    /// A report that keeps, of <paramref name="series"/>, only its length and the times of its first and last
    /// bar and of the bars its trades enter and exit on.
    /// </summary>
    public static SymbolReport Compact(BarSeries series, SymbolResult result)
    {
        ArgumentNullException.ThrowIfNull(series);
        Check(series, result);
        var bars = new SortedSet<int>();
        if (series.Count > 0)
        {
            bars.Add(0);
            bars.Add(series.Count - 1);
        }
        foreach (var t in result.Trades)
        {
            if ((uint)t.EntryBar < (uint)series.Count) bars.Add(t.EntryBar);
            if ((uint)t.ExitBar < (uint)series.Count) bars.Add(t.ExitBar);
        }
        int[] index = [.. bars];
        var times = new long[index.Length];
        for (int i = 0; i < index.Length; i++) times[i] = series.Times[index[i]];
        return new SymbolReport(result, series.Count, index, times);
    }

    /// <summary>The series the result came from; null for a <see cref="Compact"/> report.</summary>
    public BarSeries? Series { get; }

    public SymbolResult Result { get; }

    public string Symbol => Result.Symbol;

    public int Bars { get; }

    /// <summary>Time of the first bar (Unix ms), null for an empty series.</summary>
    public long? Start => Bars > 0 ? TimeOf(0) : null;

    /// <summary>Time of the last bar (Unix ms), null for an empty series.</summary>
    public long? End => Bars > 0 ? TimeOf(Bars - 1) : null;

    /// <summary>The time of bar <paramref name="bar"/> (Unix ms); a compact report knows only the bars it kept.</summary>
    public long TimeOf(int bar)
    {
        if (Series is not null)
        {
            if ((uint)bar >= (uint)_times.Length)
                throw new ArgumentOutOfRangeException(nameof(bar), $"{Symbol}: bar {bar} outside the series of {_times.Length} bars.");
            return _times[bar];
        }
        int i = Array.BinarySearch(_timeBars, bar);
        if (i < 0) throw new ArgumentOutOfRangeException(nameof(bar), $"{Symbol}: bar {bar} is not one the compact report kept.");
        return _times[i];
    }

    private static void Check(BarSeries series, SymbolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (!string.Equals(series.Symbol, result.Symbol, StringComparison.Ordinal))
            throw new ArgumentException($"Result for '{result.Symbol}' paired with the series of '{series.Symbol}'.", nameof(result));
    }
}
