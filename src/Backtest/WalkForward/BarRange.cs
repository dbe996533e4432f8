using Backtest.Data;

namespace Backtest.WalkForward;

/// <summary>The bars of a series inside a time window [start, end): indices [First, End).</summary>
public readonly record struct BarRange(int First, int End)
{
    public int Count => End - First;

    public static BarRange Of(BarSeries series, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(series);
        return new BarRange(LowerBound(series.Times, start), LowerBound(series.Times, end));
    }

    // The first index whose time is ≥ t (times are sorted, unique).
    private static int LowerBound(long[] times, long t)
    {
        int i = Array.BinarySearch(times, t);
        return i >= 0 ? i : ~i;
    }
}
