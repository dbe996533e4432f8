namespace Backtest.Engines;

/// <summary>The core's own engine: the scalar reference, which runs everywhere.</summary>
public sealed class ReferenceEngineProvider : IEngineProvider
{
    public IReadOnlyList<string> Names { get; } = ["reference"];

    public IEnumerable<IBacktestEngine> Engines() => [new ReferenceEngine()];

    public IReadOnlyDictionary<string, string> Unavailable() => new Dictionary<string, string>();
}
