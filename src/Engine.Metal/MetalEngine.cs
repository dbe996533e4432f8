using Backtest.Engines;
using Backtest.Metal.Host;
using Backtest.Metal.Native;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Metal;

/// <summary>
/// `--engine metal`: the backtest kernel on an Apple-silicon GPU through Metal, reading the f32 panel where
/// the host built it (shared MTLBuffers over its page-aligned blocks, no copy). The shader is compiled from
/// its embedded source at the first run. Only on macOS/arm64 (<see cref="Availability"/>).
/// </summary>
public sealed class MetalEngine : KernelEngine, IDisposable
{
    public const string EngineName = "metal";

    private static readonly Lazy<EngineAvailability> Probe = new(ProbeDevice);

    private readonly Lazy<MetalBackend> _backend = new(() => MetalBackend.Create(ObjCRuntime.Instance));
    private readonly Lock _gate = new();

    public override string Name => EngineName;

    /// <summary>Whether this machine has a Metal device the engine can use, and if not, why (checked once).</summary>
    public static EngineAvailability Availability => Probe.Value;

    /// <summary>The device's name, once the engine has run (for reports and bench output).</summary>
    public string? DeviceName => _backend.IsValueCreated ? _backend.Value.DeviceName : null;

    private protected override SymbolResult[][] RunKernel(BarPanel<float> panel, IReadOnlyList<S3Run> parameterSets, CancellationToken cancellationToken)
    {
        if (Availability is { IsAvailable: false, Reason: var reason })
            throw new PlatformNotSupportedException($"The metal engine cannot run here: {reason}.");
        // Dispatches of one run stay on one thread, each inside its own autorelease pool.
        lock (_gate) return KernelRunner.Run(_backend.Value, panel, parameterSets, Options, cancellationToken);
    }

    public void Dispose()
    {
        if (_backend.IsValueCreated) _backend.Value.Dispose();
    }

    /// <summary>The platform gate first (the binding assumes arm64's calling convention), then a real device.</summary>
    internal static EngineAvailability Evaluate(bool supportedPlatform, string unsupportedReason, Func<string?> findDevice)
    {
        ArgumentNullException.ThrowIfNull(findDevice);
        if (!supportedPlatform) return EngineAvailability.Unavailable(unsupportedReason);
        try
        {
            return findDevice() is { } noDevice ? EngineAvailability.Unavailable(noDevice) : EngineAvailability.Available;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return EngineAvailability.Unavailable($"the Metal framework could not be loaded: {e.Message}");
        }
    }

    private static EngineAvailability ProbeDevice() => Evaluate(MetalPlatform.IsSupportedPlatform, MetalPlatform.UnsupportedReason, () =>
    {
        using var device = MetalDevice.TryCreate(ObjCRuntime.Instance, out string? reason);
        return device is null ? reason : null;
    });
}
