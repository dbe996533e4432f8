namespace Backtest.Metal.Native;

/// <summary>
/// objc_autoreleasePoolPush/Pop around a block of calls on one thread: .NET threads have no pool, so the
/// autoreleased objects of a dispatch (command buffer, encoder, strings) would otherwise leak. No await inside.
/// </summary>
public readonly struct AutoreleasePool : IDisposable
{
    private readonly IObjCRuntime _runtime;
    private readonly nint _pool;

    private AutoreleasePool(IObjCRuntime runtime)
    {
        _runtime = runtime;
        _pool = runtime.AutoreleasePoolPush();
    }

    public static AutoreleasePool Push(IObjCRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new AutoreleasePool(runtime);
    }

    public void Dispose() => _runtime?.AutoreleasePoolPop(_pool);
}
