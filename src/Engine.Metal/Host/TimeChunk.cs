namespace Backtest.Metal.Host;

/// <summary>
/// One dispatch's share of the loop over time: bars [<see cref="Start"/>, <see cref="End"/>). A long run is
/// cut into chunks, one command buffer each, so that no command buffer runs long enough for the GPU
/// watchdog to kill it; every thread keeps its state in a buffer between chunks.
/// </summary>
public readonly record struct TimeChunk(int Start, int End)
{
    /// <summary>Thread-bars one chunk may hold by default: about 2^27, tens of milliseconds on an Apple GPU.</summary>
    public const long DefaultThreadBarsPerChunk = 1L << 27;

    public const int MinBars = 64;

    public const int MaxBars = 1 << 16;

    public int Bars => End - Start;

    /// <summary>
    /// Bars [<paramref name="firstBar"/>, <paramref name="lastBar"/>] cut into chunks of
    /// <paramref name="chunkBars"/> bars, or, when it is null, of as many bars as keep
    /// <paramref name="threads"/> × bars within <paramref name="threadBarsPerChunk"/>
    /// (between <see cref="MinBars"/> and <see cref="MaxBars"/>).
    /// </summary>
    public static IReadOnlyList<TimeChunk> Plan(int firstBar, int lastBar, long threads, int? chunkBars = null, long threadBarsPerChunk = DefaultThreadBarsPerChunk)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstBar);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        if (chunkBars is < 1) throw new ArgumentOutOfRangeException(nameof(chunkBars), chunkBars, "A chunk holds at least one bar.");
        ArgumentOutOfRangeException.ThrowIfLessThan(threadBarsPerChunk, 1);
        if (threads == 0 || lastBar < firstBar) return [];

        long size = chunkBars ?? Math.Clamp(threadBarsPerChunk / threads, MinBars, MaxBars);
        var chunks = new List<TimeChunk>();
        for (long start = firstBar; start <= lastBar; start += size)
            chunks.Add(new TimeChunk((int)start, (int)Math.Min(start + size, (long)lastBar + 1)));
        return chunks;
    }
}
