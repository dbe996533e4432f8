using Backtest.Engines;

namespace Backtest.Metal;

/// <summary>The Metal engine where a Metal device is (macOS on Apple silicon), and metal-emulated where a C++ compiler is.</summary>
public sealed class MetalEngineProvider : IEngineProvider
{
    /// <summary>Metal, its emulation and auto (<see cref="EngineChooser"/>, which the host builds over the catalog).</summary>
    public IReadOnlyList<string> Names { get; } = [MetalEngine.EngineName, MetalEmulatedEngine.EngineName, EngineChooser.AutoName];

    public IEnumerable<IBacktestEngine> Engines()
    {
        if (MetalEngine.Availability.IsAvailable) yield return new MetalEngine();
        if (MetalEmulatedEngine.Availability.IsAvailable) yield return new MetalEmulatedEngine();
    }

    public IReadOnlyDictionary<string, string> Unavailable()
    {
        var unavailable = new Dictionary<string, string>();
        if (MetalEngine.Availability is { IsAvailable: false, Reason: { } metal }) unavailable[MetalEngine.EngineName] = metal;
        if (MetalEmulatedEngine.Availability is { IsAvailable: false, Reason: { } emulated }) unavailable[MetalEmulatedEngine.EngineName] = emulated;
        return unavailable;
    }
}
