namespace Backtest.Strategies.Reference;

/// <summary>
/// The window functions of strategies.md §5, each computed from its whole window at every bar (no running sums),
/// so that the reference shares no shortcut with the fast engines. A window that starts before bar 0 or holds an na
/// gives na.
/// </summary>
internal static class WindowFunctions
{
    /// <summary>x[k−n+1..k], or false where it starts before bar 0 or holds an na.</summary>
    private static bool TryWindow(ReadOnlySpan<double> x, int k, int n, out ReadOnlySpan<double> window)
    {
        window = default;
        if (k - n + 1 < 0) return false;
        window = x.Slice(k - n + 1, n);
        foreach (double v in window)
            if (double.IsNaN(v)) return false;
        return true;
    }

    private static double SumOf(ReadOnlySpan<double> window)
    {
        double sum = 0;
        foreach (double v in window) sum += v;
        return sum;
    }

    public delegate double OfWindow(ReadOnlySpan<double> window);

    /// <summary>f of each bar's window, na where the window is incomplete or holds an na.</summary>
    public static double[] Apply(ReadOnlySpan<double> x, int n, OfWindow f)
    {
        var result = new double[x.Length];
        for (int k = 0; k < x.Length; k++)
            result[k] = TryWindow(x, k, n, out var window) ? f(window) : double.NaN;
        return result;
    }

    public static double Sum(ReadOnlySpan<double> window) => SumOf(window);

    public static double Mean(ReadOnlySpan<double> window) => SumOf(window) / window.Length;

    /// <summary>Σ (i+1)·w[i] / (n(n+1)/2): the newest value weighs n.</summary>
    public static double WeightedMean(ReadOnlySpan<double> window)
    {
        int n = window.Length;
        double sum = 0;
        for (int i = 0; i < n; i++) sum += (i + 1) * window[i];
        return sum / (n * (n + 1) / 2.0);
    }

    /// <summary>Population standard deviation (divides by n).</summary>
    public static double PopulationStdev(ReadOnlySpan<double> window)
    {
        double mean = Mean(window), squares = 0;
        foreach (double v in window) squares += (v - mean) * (v - mean);
        return Math.Sqrt(squares / window.Length);
    }

    public static double Highest(ReadOnlySpan<double> window)
    {
        double max = window[0];
        foreach (double v in window) max = Math.Max(max, v);
        return max;
    }

    public static double Lowest(ReadOnlySpan<double> window)
    {
        double min = window[0];
        foreach (double v in window) min = Math.Min(min, v);
        return min;
    }

    /// <summary>
    /// CCI of the typical price tp over n bars: (tp − mean) / (0.015 · mean deviation), na where the mean deviation
    /// is not clearly greater than 0 at bar k (a flat window leaves rounding noise, not a value).
    /// </summary>
    public static double[] Cci(ReadOnlySpan<double> typical, int n, ReadOnlySpan<double> close)
    {
        var result = new double[typical.Length];
        for (int k = 0; k < typical.Length; k++)
        {
            result[k] = double.NaN;
            if (!TryWindow(typical, k, n, out var window)) continue;
            double mean = Mean(window), deviations = 0;
            foreach (double v in window) deviations += Math.Abs(v - mean);
            double meanDeviation = deviations / n;
            if (Comparison.ClearlyGreater(meanDeviation, 0, close[k]))
                result[k] = (typical[k] - mean) / (0.015 * meanDeviation);
        }
        return result;
    }
}
