namespace Backtest.Data;

/// <summary>A symbol's valid rows in time order, one per timestamp, before the window.</summary>
internal sealed record CleanSeries(long[] Times, double[] Open, double[] High, double[] Low, double[] Close, double[] Volume, int Duplicates)
{
    public int Count => Times.Length;
}

/// <summary>
/// Spec §1 after validation: stable sort by timestamp, and among equal timestamps keep the last valid row
/// in input order. Keeping the row with the highest input index of each equal-time run gives exactly that,
/// so the sort itself need not be stable. Already-sorted input (the usual case) skips the sort.
/// </summary>
internal static class SeriesCleaner
{
    public static CleanSeries Clean(RawBarBuffer raw)
    {
        int n = raw.Count;
        var times = raw.Times;
        bool sorted = true;
        for (int k = 1; k < n && sorted; k++) sorted = times[k] >= times[k - 1];

        // Sorted, without duplicates, in arrays of exactly its length (a source that knew its row count): the
        // buffer's arrays are the series.
        if (sorted && raw.Times.Length == n && NoDuplicates(times, n))
            return new CleanSeries(raw.Times, raw.Open, raw.High, raw.Low, raw.Close, raw.Volume, 0);

        int[] order;
        long[] keys;
        if (sorted)
        {
            order = [];
            keys = times;
        }
        else
        {
            keys = times.AsSpan(0, n).ToArray();
            order = new int[n];
            for (int k = 0; k < n; k++) order[k] = k;
            Array.Sort(keys, order);
        }

        // Pick, for each distinct timestamp, the input index of its last row.
        var pick = new int[n];
        int m = 0;
        for (int k = 0; k < n;)
        {
            int j = k, best = sorted ? k : order[k];
            while (j + 1 < n && keys[j + 1] == keys[k])
            {
                j++;
                best = Math.Max(best, sorted ? j : order[j]);
            }

            pick[m++] = best;
            k = j + 1;
        }

        var t = new long[m];
        var o = new double[m];
        var h = new double[m];
        var l = new double[m];
        var c = new double[m];
        var v = new double[m];
        for (int k = 0; k < m; k++)
        {
            int i = pick[k];
            t[k] = raw.Times[i];
            o[k] = raw.Open[i];
            h[k] = raw.High[i];
            l[k] = raw.Low[i];
            c[k] = raw.Close[i];
            v[k] = raw.Volume[i];
        }

        return new CleanSeries(t, o, h, l, c, v, n - m);
    }

    private static bool NoDuplicates(long[] sortedTimes, int n)
    {
        for (int k = 1; k < n; k++)
        {
            if (sortedTimes[k] == sortedTimes[k - 1]) return false;
        }
        return true;
    }
}
