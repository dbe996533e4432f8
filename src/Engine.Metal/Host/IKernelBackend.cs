namespace Backtest.Metal.Host;

/// <summary>
/// Where the kernel runs: a Metal device (MetalBackend) or the kernel's C++ build on the CPU
/// (EmulatedBackend). Everything else of a run (packing, chunking, threadgroup sizing, decoding, trade
/// overflow) is the same host code, <see cref="KernelRunner"/>, whichever backend runs it.
/// </summary>
public interface IKernelBackend
{
    /// <summary>Threads of one SIMD group (Apple GPUs: 32).</summary>
    int ThreadExecutionWidth { get; }

    /// <summary>The pipeline's maxTotalThreadsPerThreadgroup.</summary>
    int MaxThreadsPerThreadgroup { get; }

    /// <summary>Makes the run's buffers visible to the device, for the dispatches of one run.</summary>
    IKernelBinding Bind(KernelBuffers buffers);
}

/// <summary>A run's buffers bound to a device; disposed when the run is done.</summary>
public interface IKernelBinding : IDisposable
{
    /// <summary>Runs one time chunk for every thread and returns when the results are in the buffers.</summary>
    void Dispatch(in ChunkArgs args, ThreadgroupPlan plan);
}
