using Backtest.Data;
using Backtest.Engines;
using Backtest.Metal.Host;
using Backtest.Panel;
using Backtest.Results;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Metal;

/// <summary>
/// An engine that runs the backtest kernel of shaders/backtest.metal, in f32, one thread per (parameter
/// set, symbol) of an f32 <see cref="BarPanel{T}"/>; the concrete engines only say where the kernel runs
/// (<see cref="IKernelBackend"/>). Results meet the f32 contract of spec §6.
/// </summary>
public abstract class KernelEngine : IPanelEngine
{
    public abstract string Name { get; }

    /// <summary>Chunk length and trade slots; tests shrink them to force chunking and trade overflow.</summary>
    public KernelRunOptions Options { get; init; } = KernelRunOptions.Default;

    public bool Supports(Precision precision) => precision == Precision.F32;

    /// <summary>The kernel is S3's, written out in the shader: it runs the built-in s3 file and no other strategy yet.</summary>
    public string? CannotRun(StrategyInstance strategy) =>
        S3Strategy.Is(strategy) ? null : $"the {Name} engine runs only the built-in s3 strategy so far, not {strategy.Definition.Name} (use --engine simd)";

    public IReadOnlyList<SymbolResult> Run(
        IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters execution, Precision precision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var run = S3Run(strategy, execution);
        if (!Supports(precision))
            throw new NotSupportedException($"The {Name} engine computes in f32 only (--precision f32), not {precision.Name()}.");
        Check(run);
        using var panel = BarPanel<float>.FromSeries(series);
        return RunMany(panel, [run], cancellationToken)[0];
    }

    public IReadOnlyList<SymbolResult> Run(BarPanel panel, StrategyInstance strategy, StrategyParameters execution, CancellationToken cancellationToken = default) =>
        RunMany(panel, [S3Run(strategy, execution)], cancellationToken)[0];

    private S3Run S3Run(StrategyInstance strategy, StrategyParameters execution)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (CannotRun(strategy) is { } reason) throw new NotSupportedException(reason);
        return new S3Run(strategy, execution);
    }

    /// <summary>
    /// Every parameter set on every symbol of the panel in one run (the GPU's natural grid: a thread per
    /// pair); results per set, each in the order of the series the panel was built from.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<SymbolResult>> RunMany(BarPanel panel, IReadOnlyList<S3Run> parameterSets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(parameterSets);
        if (panel is not BarPanel<float> f32)
            throw new ArgumentException($"The {Name} engine computes in f32: build the panel with Precision.F32, not {panel.Precision.Name()}.", nameof(panel));
        foreach (var p in parameterSets) Check(p);
        return RunKernel(f32, parameterSets, cancellationToken);
    }

    /// <summary>Runs the kernel on the engine's backend (which may have to be set up first).</summary>
    private protected abstract SymbolResult[][] RunKernel(BarPanel<float> panel, IReadOnlyList<S3Run> parameterSets, CancellationToken cancellationToken);

    private static void Check(S3Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var errors = run.Execution.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(run));
        if (KernelRules.PrecisionProblem(run.Strategy.ParameterValues, Precision.F32) is { } problem) throw new ArgumentException(problem, nameof(run));
    }
}
