using Backtest.Engines;
using Backtest.Metal;

namespace Backtest.Cli.Running;

/// <summary>What the commands run on: the engines and the data stage. Tests pass their own.</summary>
public sealed class CliServices
{
    public required EngineCatalog Engines { get; init; }
    public required IDataSources Data { get; init; }

    /// <summary>The engines and data stage of this build.</summary>
    public static CliServices CreateDefault() => new()
    {
        Engines = new EngineCatalog(BuildEngines(), UnavailableEngines()),
        Data = new DataSources(),
    };

    /// <summary>The engines this build holds that can run on this machine, in order of preference.</summary>
    private static IEnumerable<IBacktestEngine> BuildEngines()
    {
        yield return new SimdEngine();
        yield return new ReferenceEngine();
        if (MetalEngine.Availability.IsAvailable) yield return new MetalEngine();
        if (MetalEmulatedEngine.Availability.IsAvailable) yield return new MetalEmulatedEngine();
    }

    /// <summary>Engines of this build that cannot run here, with why: --engine NAME then fails at once, naming the reason.</summary>
    private static Dictionary<string, string> UnavailableEngines()
    {
        var unavailable = new Dictionary<string, string>();
        if (MetalEngine.Availability is { IsAvailable: false, Reason: { } metal }) unavailable[MetalEngine.EngineName] = metal;
        if (MetalEmulatedEngine.Availability is { IsAvailable: false, Reason: { } emulated }) unavailable[MetalEmulatedEngine.EngineName] = emulated;
        return unavailable;
    }
}
