namespace Backtest.Metal.Native;

/// <summary>A compute pipeline state (owned) and the limits its threadgroups must respect.</summary>
public sealed class MetalPipeline(IObjCRuntime runtime, nint handle, int threadExecutionWidth, int maxTotalThreadsPerThreadgroup) : IDisposable
{
    private nint _handle = handle;

    public nint Handle => _handle != 0 ? _handle : throw new ObjectDisposedException(nameof(MetalPipeline));

    public int ThreadExecutionWidth { get; } = threadExecutionWidth;

    public int MaxTotalThreadsPerThreadgroup { get; } = maxTotalThreadsPerThreadgroup;

    public void Dispose()
    {
        if (_handle == 0) return;
        runtime.SendVoid(_handle, runtime.Selector("release"));
        _handle = 0;
    }
}
