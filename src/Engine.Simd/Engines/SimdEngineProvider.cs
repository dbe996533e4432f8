namespace Backtest.Engines;

/// <summary>The SIMD engine, on the widest vectors this machine accelerates (scalar lanes at the least): it runs everywhere.</summary>
public sealed class SimdEngineProvider : IEngineProvider
{
    public IReadOnlyList<string> Names { get; } = ["simd"];

    public IEnumerable<IBacktestEngine> Engines() => [new SimdEngine()];

    public IReadOnlyDictionary<string, string> Unavailable() => new Dictionary<string, string>();
}
