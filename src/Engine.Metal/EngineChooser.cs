using System.Globalization;
using Backtest.Engines;
using Backtest.Strategies.Language;
using Backtest.Results;

namespace Backtest.Metal;

/// <summary>An engine picked by <c>--engine auto</c>, and the reason, for the line that says so.</summary>
public sealed record EngineChoice(IBacktestEngine Engine, string Reason);

/// <summary>
/// `--engine auto`: Metal where it can run, computes in the asked precision and the workload is large
/// enough to pay for the GPU (compiling the shader, one thread per symbol needs thousands of symbols to
/// fill an Apple GPU), otherwise SIMD, otherwise the reference. metal-emulated is never picked: it is a
/// verification engine. Pure: the caller gives the engines of its build and the workload.
/// </summary>
public static class EngineChooser
{
    public const string AutoName = "auto";

    /// <summary>
    /// The smallest workload given to Metal: an Apple GPU runs thousands of threads at once, and a few
    /// hundred symbols leave most of it idle while the CPU's SIMD engine is already fast. A first estimate,
    /// to be calibrated with `bt bench` on a Mac (docs/metal.md).
    /// </summary>
    public const int MetalMinimumSymbols = 2_048;

    public const long MetalMinimumBars = 20_000_000;

    /// <summary>After Metal, in order.</summary>
    public static readonly IReadOnlyList<string> Fallbacks = ["simd", "reference"];

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static bool IsAuto(string engineName) => string.Equals(engineName, AutoName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Before any data is read: null when auto has an engine for <paramref name="precision"/> that runs <paramref name="strategy"/>, else the error.</summary>
    public static string? Check(IReadOnlyCollection<IBacktestEngine> engines, Precision precision, StrategyInstance strategy)
    {
        ArgumentNullException.ThrowIfNull(engines);
        if (Candidates(engines).Any(e => e.Supports(precision) && e.CannotRun(strategy) is null)) return null;
        string available = engines.Count == 0 ? "none" : string.Join(", ", engines.Select(e => e.Name));
        return $"--engine auto has no engine of this build that runs the strategy {strategy.Definition.Name} in {precision.Name()} (available: {available}).";
    }

    /// <summary>The engine for this workload, or null when none computes in <paramref name="precision"/>.</summary>
    /// <param name="metalUnavailable">Why Metal cannot run here, when it cannot.</param>
    public static EngineChoice? Choose(IReadOnlyCollection<IBacktestEngine> engines, Precision precision, StrategyInstance strategy, int symbols, long bars, string? metalUnavailable)
    {
        ArgumentNullException.ThrowIfNull(engines);
        var metal = Find(engines, MetalEngine.EngineName);
        string whyNotMetal;
        if (metal is null)
        {
            whyNotMetal = metalUnavailable is not null ? $"metal cannot run here ({metalUnavailable})" : "metal is not in this build";
        }
        else if (!metal.Supports(precision))
        {
            whyNotMetal = $"metal computes in f32 only and this run is {precision.Name()}";
        }
        else if (metal.CannotRun(strategy) is { } cannot)
        {
            whyNotMetal = cannot;
        }
        else if (symbols < MetalMinimumSymbols || bars < MetalMinimumBars)
        {
            whyNotMetal = string.Create(Inv,
                $"{symbols:N0} symbols and {bars:N0} bars are too few to pay for the GPU (metal from {MetalMinimumSymbols:N0} symbols and {MetalMinimumBars:N0} bars)");
        }
        else
        {
            return new EngineChoice(metal, string.Create(Inv, $"{symbols:N0} symbols and {bars:N0} bars are enough to pay for the GPU"));
        }

        foreach (var name in Fallbacks)
        {
            if (Find(engines, name) is { } engine && engine.Supports(precision) && engine.CannotRun(strategy) is null) return new EngineChoice(engine, whyNotMetal);
        }
        return null;
    }

    private static IEnumerable<IBacktestEngine> Candidates(IEnumerable<IBacktestEngine> engines) =>
        engines.Where(e => e.Name == MetalEngine.EngineName || Fallbacks.Contains(e.Name, StringComparer.OrdinalIgnoreCase));

    private static IBacktestEngine? Find(IEnumerable<IBacktestEngine> engines, string name) =>
        engines.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
}
