using Backtest.Metal.Host;
using Backtest.Panel;

namespace Backtest.Metal.Native;

/// <summary>
/// The kernel on a Metal device. Each run's blocks are wrapped as shared MTLBuffers without a copy (Apple
/// silicon's CPU and GPU share the memory, so the kernel reads the panel where the host built it); where
/// Metal refuses a block, it is copied into a new shared buffer, and the buffers the kernel writes are
/// copied back when the run's binding is disposed. One command buffer per time chunk.
/// </summary>
public sealed unsafe class MetalBackend : IKernelBackend, IDisposable
{
    private readonly MetalDevice _device;
    private readonly MetalPipeline _kernel;

    private MetalBackend(MetalDevice device, MetalPipeline kernel)
    {
        _device = device;
        _kernel = kernel;
    }

    public string DeviceName => _device.Name;

    public int ThreadExecutionWidth => _kernel.ThreadExecutionWidth;

    public int MaxThreadsPerThreadgroup => _kernel.MaxTotalThreadsPerThreadgroup;

    /// <summary>Creates the device, compiles the embedded shader and checks the struct sizes against the host's.</summary>
    /// <exception cref="MetalException">No device, a compile error (with Metal's message), or a layout mismatch.</exception>
    public static MetalBackend Create(IObjCRuntime runtime)
    {
        var device = MetalDevice.TryCreate(runtime, out string? reason) ?? throw new MetalException($"The metal engine cannot run: {reason}.");
        try
        {
            var pipelines = device.CompilePipelines(ShaderSources.Kernel, [ShaderSources.KernelFunction, ShaderSources.StructSizesFunction]);
            using (var sizes = pipelines[1]) CheckStructSizes(device, sizes);
            return new MetalBackend(device, pipelines[0]);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    /// <summary>Whether Metal can wrap the memory without a copy: page-aligned, a whole number of pages.</summary>
    public static bool CanWrapWithoutCopy(nuint address, long length, int pageSize) =>
        pageSize > 0 && length > 0 && address % (nuint)pageSize == 0 && length % pageSize == 0;

    public IKernelBinding Bind(KernelBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        return new Binding(_device, _kernel, buffers);
    }

    public void Dispose()
    {
        _kernel.Dispose();
        _device.Dispose();
    }

    /// <summary>The kernel's sizeof of each shared struct, from its struct_sizes kernel, against the C# mirrors.</summary>
    private static void CheckStructSizes(MetalDevice device, MetalPipeline sizesKernel)
    {
        nint buffer = device.NewBuffer((nuint)(SharedStructSizes.Host.Length * sizeof(uint)));
        try
        {
            device.Dispatch(sizesKernel, [], [(buffer, 0)], MTLSize.Linear(1), MTLSize.Linear(1));
            var sizes = new ReadOnlySpan<uint>(device.Contents(buffer), SharedStructSizes.Host.Length);
            if (SharedStructSizes.FirstMismatch(sizes) is var (name, kernel, host))
                throw new MetalException($"Metal lays out {name} in {kernel} bytes but the host's mirror has {host}.");
        }
        finally
        {
            device.Release(buffer);
        }
    }

    private sealed class Binding : IKernelBinding
    {
        private readonly MetalDevice _device;
        private readonly MetalPipeline _kernel;
        private readonly List<(nint Buffer, int Index)> _bound = [];
        private readonly List<(nint Buffer, NativeBlock Block)> _copiedBack = [];

        public Binding(MetalDevice device, MetalPipeline kernel, KernelBuffers buffers)
        {
            _device = device;
            _kernel = kernel;
            try
            {
                foreach (var (index, block, written) in buffers.Bindings)
                {
                    nint buffer = CanWrapWithoutCopy((nuint)block.Pointer, block.Length, Environment.SystemPageSize)
                        ? device.WrapNoCopy(block.Pointer, (nuint)block.Length)
                        : 0;
                    if (buffer == 0)
                    {
                        buffer = device.NewBuffer((nuint)block.Length);
                        Buffer.MemoryCopy(block.Pointer, device.Contents(buffer), block.Length, block.Length);
                        if (written) _copiedBack.Add((buffer, block));
                    }
                    _bound.Add((buffer, index));
                }
            }
            catch
            {
                ReleaseAll();
                throw;
            }
        }

        public void Dispatch(in ChunkArgs args, ThreadgroupPlan plan)
        {
            if (plan.Groups == 0) return;
            var copy = args;
            var bytes = new ReadOnlySpan<byte>(&copy, sizeof(ChunkArgs));
            _device.Dispatch(_kernel, bytes, _bound, MTLSize.Linear(plan.Groups), MTLSize.Linear(plan.ThreadsPerGroup));
        }

        public void Dispose()
        {
            try
            {
                foreach (var (buffer, block) in _copiedBack)
                    Buffer.MemoryCopy(_device.Contents(buffer), block.Pointer, block.Length, block.Length);
            }
            finally
            {
                ReleaseAll();
            }
        }

        private void ReleaseAll()
        {
            foreach (var (buffer, _) in _bound) _device.Release(buffer);
            _bound.Clear();
            _copiedBack.Clear();
        }
    }
}
