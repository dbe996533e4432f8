using Backtest.Engines;
using Backtest.Tests.Contract;

namespace Backtest.Metal.Tests.Contract;

/// <summary>
/// The engine contract on a real Metal device: runs on Apple-silicon Macs (the macos-14 CI job) and is
/// skipped, with the reason, wherever no Metal device is found.
/// </summary>
public sealed class MetalContract : EngineContract
{
    private static readonly Lazy<MetalEngine> Shared = new(() => new MetalEngine());

    protected override IBacktestEngine CreateEngine() => Shared.Value;

    protected override Precision Precision => Precision.F32;

    protected override string? Unavailable => MetalEngine.Availability.Reason;
}
