namespace Backtest.Metal.Host;

/// <summary>
/// How a dispatch of <see cref="Threads"/> kernel threads is cut into threadgroups: the group size is a
/// multiple of the pipeline's threadExecutionWidth (whole SIMD groups) and at most its
/// maxTotalThreadsPerThreadgroup; the grid is rounded up to whole groups and the kernel drops the ids past
/// <see cref="Threads"/> (its <c>if (id &gt;= args.threads) return;</c>).
/// </summary>
public readonly record struct ThreadgroupPlan(int Threads, int ThreadsPerGroup, int Groups)
{
    /// <summary>Threads per group asked for when the pipeline allows it: 8 SIMD groups of 32.</summary>
    public const int PreferredThreadsPerGroup = 256;

    /// <summary>Threads the dispatch launches, the guarded ones past <see cref="Threads"/> included.</summary>
    public long GridThreads => (long)ThreadsPerGroup * Groups;

    public static ThreadgroupPlan For(int threads, int executionWidth, int maxThreadsPerGroup, int preferred = PreferredThreadsPerGroup)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        ArgumentOutOfRangeException.ThrowIfLessThan(executionWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreadsPerGroup, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(preferred, 1);

        int size;
        if (maxThreadsPerGroup < executionWidth)
        {
            // A pipeline too register-hungry for one whole SIMD group: take what it allows.
            size = maxThreadsPerGroup;
        }
        else
        {
            // No bigger than needed for a small dispatch, never below one SIMD group.
            int wanted = Math.Min(Math.Min(preferred, maxThreadsPerGroup), RoundUp(Math.Max(threads, 1), executionWidth));
            size = Math.Max(executionWidth, wanted / executionWidth * executionWidth);
        }
        int groups = (int)(((long)threads + size - 1) / size);
        return new ThreadgroupPlan(threads, size, groups);
    }

    private static int RoundUp(int value, int multiple) => (int)Math.Min(int.MaxValue, ((long)value + multiple - 1) / multiple * multiple);
}
