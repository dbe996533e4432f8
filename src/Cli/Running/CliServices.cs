using Backtest.Engines;

namespace Backtest.Cli.Running;

/// <summary>What the commands run on: the engines and the data stage. Tests pass their own.</summary>
public sealed class CliServices
{
    public required EngineCatalog Engines { get; init; }
    public required IDataSources Data { get; init; }

    /// <summary>The engines and data stage of this build.</summary>
    public static CliServices CreateDefault() => new()
    {
        Engines = new EngineCatalog(BuildEngines()),
        Data = new DataSources(),
    };

    /// <summary>The engines this build holds, in order of preference.</summary>
    private static IEnumerable<IBacktestEngine> BuildEngines() => [new SimdEngine(), new ReferenceEngine()];
}
