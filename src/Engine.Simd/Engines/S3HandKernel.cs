using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Fused;
using Backtest.Lanes;
using Backtest.Panel;
using Backtest.Simulation;
using Backtest.Strategy;
using CommunityToolkit.HighPerformance.Helpers;

namespace Backtest.Engines;

/// <summary>
/// The hand-fused S3 kernel (<see cref="FusedKernel{TL, TV, T}"/>) over a whole panel, for what compares or times it
/// directly (the graph-walk benchmark; bt optimize runs it through its own tiles), and for <see cref="SimdEngine"/>'s f32 s3
/// (see there why). Everything else, f64 s3 included, runs through the graph walk: this kernel still has semantics
/// 1.1's ε and can disagree with the reference at extreme prices.
/// </summary>
public static class S3HandKernel
{
    /// <param name="maxDegreeOfParallelism">Threads; −1 for one per core.</param>
    public static IReadOnlyList<SymbolResult> Run(
        BarPanel panel, StrategyParameters parameters, VectorWidth width, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(parameters);
        var errors = parameters.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(parameters));
        if (KernelSettings.PrecisionProblem(parameters, panel.Precision) is { } problem) throw new ArgumentException(problem, nameof(parameters));
        return panel switch
        {
            BarPanel<double> d => Run(d, parameters, width, maxDegreeOfParallelism, cancellationToken),
            BarPanel<float> f => Run(f, parameters, width, maxDegreeOfParallelism, cancellationToken),
            _ => throw new ArgumentException($"Unsupported panel type {panel.GetType().Name}.", nameof(panel)),
        };
    }

    private static unsafe SymbolResult[] Run<T>(BarPanel<T> panel, StrategyParameters parameters, VectorWidth width, int maxDegreeOfParallelism, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var settings = new KernelSettings { Parameters = parameters, Precision = panel.Precision };
        var chunks = Chunk.Plan(panel.Symbols, width, sizeof(T));
        var results = new SymbolResult[panel.Symbols];
        var next = new int[1];
        int workers = Math.Max(1, Math.Min(chunks.Length, maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount));
        ParallelHelper.For(0, workers, new ChunkWorker<T>(panel, settings, chunks, results, next, cancellationToken), minimumActionsPerThread: 1);
        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }

    /// <summary>One thread's loop: take the next chunk until none is left (longest lanes come first).</summary>
    private readonly unsafe struct ChunkWorker<T>(
        BarPanel<T> panel, KernelSettings settings, Chunk[] chunks, SymbolResult[] results, int[] next, CancellationToken cancellationToken)
        : IAction
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Invoke(int worker)
        {
            Span<PositionAccount> accounts = new PositionAccount[Vector512<byte>.Count];
            Span<LaneTotals> totals = new LaneTotals[Vector512<byte>.Count];
            int c;
            while (!cancellationToken.IsCancellationRequested && (c = Interlocked.Increment(ref next[0]) - 1) < chunks.Length)
            {
                var chunk = chunks[c];
                int lanes = chunk.Width.Lanes(sizeof(T));
                var input = ChunkInput<T>.For(panel, chunk, settings, accounts);
                ChunkKernels.Run(chunk, input, settings, accounts, totals);
                for (int i = 0; i < lanes; i++)
                {
                    int lane = chunk.FirstLane + i;
                    results[panel.SourceIndex[lane]] = SimdEngine.LaneResult(panel, lane, settings.Parameters, accounts[i], totals[i]);
                }
            }
        }
    }
}
