using Backtest.Strategies.Language;
using Backtest.Strategies.Library;

namespace Backtest.Strategy;

/// <summary>
/// The built-in s3 file (strategies.md §8), the default strategy: what runs when a run names none, and what the Metal
/// plugin's S3 shader (until its kernels are generated from the graph) recognises by its bytes.
/// </summary>
public static class S3Strategy
{
    /// <summary>The s3 definition, parsed once from the embedded file.</summary>
    public static StrategyDefinition Definition { get; } = StrategyLibrary.Find(StrategyLibrary.DefaultName)!;

    /// <summary>s3 with its file's defaults.</summary>
    public static StrategyInstance Instance() => Definition.Instantiate();

    /// <summary>s3 with <paramref name="overrides"/> over its defaults; throws <see cref="StrategyException"/> when a value breaks its file's rules.</summary>
    public static StrategyInstance Instance(IReadOnlyDictionary<string, double> overrides) => Definition.Instantiate(overrides);

    /// <summary>Whether <paramref name="strategy"/> is the built-in s3 file (byte for byte).</summary>
    public static bool Is(StrategyInstance strategy) => Is(strategy.Definition);

    /// <summary>Whether <paramref name="strategy"/> is the built-in s3 file (byte for byte).</summary>
    public static bool Is(StrategyDefinition strategy) => strategy.Sha256 == Definition.Sha256;
}
