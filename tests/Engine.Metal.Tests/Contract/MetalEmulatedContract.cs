using Backtest.Engines;
using Backtest.Tests.Contract;

namespace Backtest.Metal.Tests.Contract;

/// <summary>
/// The engine contract for the Metal kernel, run through its C++ build exactly as the plugin dispatches it
/// (time chunks, threadgroups, state carried in buffers), under the f32 contract of spec §6.
/// </summary>
public sealed class MetalEmulatedContract : EngineContract
{
    protected override IBacktestEngine CreateEngine() => EmulatedEngines.Create();

    protected override Precision Precision => Precision.F32;
}
