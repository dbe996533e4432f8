using Backtest.Engines;
using Backtest.Metal;

namespace Backtest.Cli.Running;

/// <summary>What the commands run on: the engines and the data stage. Tests pass their own.</summary>
public sealed class CliServices
{
    public required EngineCatalog Engines { get; init; }
    public required IDataSources Data { get; init; }

    /// <summary>
    /// The engines of this build, in order of preference (each assembly says which of its engines run here and why
    /// the others cannot), and the data stage.
    /// </summary>
    public static CliServices CreateDefault() => new()
    {
        Engines = EngineCatalog.From(Providers()),
        Data = new DataSources(),
    };

    /// <summary>The engine assemblies of this build, in order of preference.</summary>
    public static IEngineProvider[] Providers() => [new SimdEngineProvider(), new ReferenceEngineProvider(), new MetalEngineProvider()];

    /// <summary>Every engine name of this build (what a catalog of fewer engines, a test's, still knows).</summary>
    public static IReadOnlyList<string> EngineNames { get; } = [.. Providers().SelectMany(p => p.Names)];
}
