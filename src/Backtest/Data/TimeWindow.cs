namespace Backtest.Data;

/// <summary>The window of a run in inclusive Unix milliseconds [StartMs, EndMs] (spec §1).</summary>
public readonly record struct TimeWindow(long StartMs, long EndMs)
{
    /// <summary>No bound on either side.</summary>
    public static TimeWindow All => new(long.MinValue, long.MaxValue);

    /// <summary>The request's Start/End bounds alone (what a window is before any --days reference).</summary>
    public static TimeWindow Bounds(LoadRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new TimeWindow(request.Start is { } s ? CeilMs(s) : long.MinValue, request.End is { } e ? FloorMs(e) : long.MaxValue);
    }

    /// <summary>
    /// The window of <paramref name="request"/> once the --days reference is known: the last timestamp over all
    /// symbols of the run that is not after End (null when no symbol has one, which leaves the bounds as they are).
    /// </summary>
    public static TimeWindow WithReference(LoadRequest request, long? reference)
    {
        var w = Bounds(request);
        if (request.Days is not int days || reference is not long r) return w;
        return new TimeWindow(Math.Max(w.StartMs, DaysStart(r, days)), Math.Min(w.EndMs, r));
    }

    /// <summary>
    /// The first instant of <paramref name="days"/> days up to <paramref name="reference"/>, no earlier than the first
    /// instant a date holds: no bar is earlier (sources refuse such rows), so the clamp keeps exactly the same bars.
    /// </summary>
    private static long DaysStart(long reference, int days) => Math.Max(UnixTime.MinMs, reference - days * 86_400_000L + 1);

    /// <summary>The applied bound as an instant (null for unbounded), as <see cref="LoadResult"/> reports it.</summary>
    public DateTimeOffset? StartInstant => StartMs == long.MinValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(StartMs);

    public DateTimeOffset? EndInstant => EndMs == long.MaxValue ? null : DateTimeOffset.FromUnixTimeMilliseconds(EndMs);

    /// <summary>
    /// Start/End are inclusive instants (a sub-millisecond start rounds up, an end rounds down). Days = N keeps
    /// ref − N·86,400 s &lt; t ≤ ref, where ref is the last timestamp over all symbols of the run that is not
    /// after End (so <c>--end</c> with <c>--days</c> counts back from the data's end within that bound); as an
    /// inclusive millisecond start that is ref − N·86,400,000 + 1. With Start as well, the later start wins.
    /// </summary>
    internal static TimeWindow Resolve(LoadRequest request, IReadOnlyList<CleanSeries?> series)
    {
        long start = request.Start is { } s ? CeilMs(s) : long.MinValue;
        long end = request.End is { } e ? FloorMs(e) : long.MaxValue;
        if (request.Days is int days)
        {
            long reference = long.MinValue;
            foreach (var c in series)
            {
                if (c == null || c.Count == 0) continue;
                int idx = UpperBound(c.Times, end) - 1;   // last bar at or before End
                if (idx >= 0) reference = Math.Max(reference, c.Times[idx]);
            }

            if (reference != long.MinValue)
            {
                start = Math.Max(start, DaysStart(reference, days));
                end = Math.Min(end, reference);
            }
        }

        return new TimeWindow(start, end);
    }

    /// <summary>The index range, inside the window, of <paramref name="length"/> sorted times read by <paramref name="timeAt"/>.</summary>
    public (int From, int Count) Range(int length, Func<int, long> timeAt)
    {
        int from = StartMs == long.MinValue ? 0 : LowerBound(length, timeAt, StartMs);
        int to = EndMs == long.MaxValue ? length : LowerBound(length, timeAt, EndMs + 1);
        return (from, Math.Max(0, to - from));
    }

    /// <summary>First index with timeAt(i) ≥ value.</summary>
    internal static int LowerBound(int length, Func<int, long> timeAt, long value)
    {
        int lo = 0, hi = length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (timeAt(mid) < value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    /// <summary>The index range of sorted times inside the window.</summary>
    public (int From, int Count) Range(long[] sortedTimes)
    {
        int from = StartMs == long.MinValue ? 0 : LowerBound(sortedTimes, StartMs);
        int to = EndMs == long.MaxValue ? sortedTimes.Length : UpperBound(sortedTimes, EndMs);
        return (from, Math.Max(0, to - from));
    }

    public string Describe() =>
        $"{(StartMs == long.MinValue ? "-inf" : DescribeStart(StartMs))} .. {(EndMs == long.MaxValue ? "+inf" : UnixTime.ToIso(EndMs))}";

    /// <summary>
    /// A window start as the user meant it. A --days window keeps ref − N days &lt; t (spec §1), held as the inclusive
    /// millisecond after that bound: printed as "after" the bound, which at millisecond resolution is the same
    /// instants without the ".001" artefact. Any other start prints as the instant it is.
    /// </summary>
    public static string DescribeStart(long startMs) =>
        ((startMs % 1000) + 1000) % 1000 == 1 ? $"after {UnixTime.ToIso(startMs - 1)}" : UnixTime.ToIso(startMs);

    private static long CeilMs(DateTimeOffset t)
    {
        long ticks = t.UtcTicks - DateTime.UnixEpoch.Ticks;
        long q = ticks / TimeSpan.TicksPerMillisecond, r = ticks % TimeSpan.TicksPerMillisecond;
        return r > 0 ? q + 1 : q;   // division truncates toward zero, which is already the ceiling below 0
    }

    private static long FloorMs(DateTimeOffset t)
    {
        long ticks = t.UtcTicks - DateTime.UnixEpoch.Ticks;
        long q = ticks / TimeSpan.TicksPerMillisecond, r = ticks % TimeSpan.TicksPerMillisecond;
        return r < 0 ? q - 1 : q;
    }

    /// <summary>First index with times[i] ≥ value.</summary>
    private static int LowerBound(long[] times, long value)
    {
        int lo = 0, hi = times.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (times[mid] < value) lo = mid + 1;
            else hi = mid;
        }

        return lo;
    }

    /// <summary>First index with times[i] &gt; value.</summary>
    private static int UpperBound(long[] times, long value) => value == long.MaxValue ? times.Length : LowerBound(times, value + 1);
}
