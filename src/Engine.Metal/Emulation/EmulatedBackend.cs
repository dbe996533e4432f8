using Backtest.Metal.Host;

namespace Backtest.Metal.Emulation;

/// <summary>
/// The kernel's C++ build as a backend: each dispatch runs every thread id of the rounded-up grid, whole
/// threadgroups per CPU thread, with the limits of an Apple GPU pipeline (SIMD groups of 32, at most 1,024
/// threads per group), so the host's threadgroup sizing and the kernel's guard run as on a Mac.
/// </summary>
public sealed unsafe class EmulatedBackend(HarnessLibrary library, int maxDegreeOfParallelism = -1) : IKernelBackend
{
    public const int EmulatedExecutionWidth = 32;
    public const int EmulatedMaxThreadsPerThreadgroup = 1024;

    public int ThreadExecutionWidth => EmulatedExecutionWidth;

    public int MaxThreadsPerThreadgroup => EmulatedMaxThreadsPerThreadgroup;

    public IKernelBinding Bind(KernelBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        return new Binding(library, buffers, maxDegreeOfParallelism);
    }

    private sealed class Binding(HarnessLibrary library, KernelBuffers buffers, int maxDegreeOfParallelism) : IKernelBinding
    {
        public void Dispatch(in ChunkArgs args, ThreadgroupPlan plan)
        {
            var copy = args;
            int workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
            int slices = Math.Max(1, Math.Min(plan.Groups, workers * 4));
            Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = workers }, slice =>
            {
                // Whole threadgroups per slice; the last group runs past args.threads and the kernel's guard drops those ids.
                long firstGroup = (long)plan.Groups * slice / slices, endGroup = (long)plan.Groups * (slice + 1) / slices;
                var sliceArgs = copy;
                library.RunChunk(
                    &sliceArgs,
                    (KernelParams*)buffers.Parameters.Pointer,
                    (float*)buffers.Open.Pointer,
                    (float*)buffers.High.Pointer,
                    (float*)buffers.Low.Pointer,
                    (float*)buffers.Close.Pointer,
                    (KernelThreadState*)buffers.States.Pointer,
                    (TradeRecord*)buffers.Trades.Pointer,
                    (uint*)buffers.ThreadMap.Pointer,
                    (LaneInfo*)buffers.Lanes.Pointer,
                    (uint)(firstGroup * plan.ThreadsPerGroup),
                    (uint)(endGroup * plan.ThreadsPerGroup));
            });
        }

        public void Dispose()
        {
        }
    }
}
