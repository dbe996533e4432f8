using Backtest.Data;
using Backtest.Engines;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// An engine that optimizes grids and walks them forward: it evaluates a grid's combinations over series prepared once,
/// and runs a strategy keeping each bar's equity (walk-forward's test windows). The core's services take one (the
/// command line gives the SIMD engine); they name none.
/// </summary>
public interface IGridEngine : IBacktestEngine
{
    /// <summary>An evaluator of <paramref name="grid"/>'s combinations over <paramref name="series"/>, its bars prepared once.</summary>
    /// <param name="maxDegreeOfParallelism">Threads; −1 for one per core.</param>
    IGridEvaluator Evaluator(IReadOnlyList<BarSeries> series, ParameterGrid grid, Precision precision, int maxDegreeOfParallelism);

    /// <summary>As <see cref="IBacktestEngine.Run"/>, on a number of threads of the caller's.</summary>
    /// <param name="maxDegreeOfParallelism">Threads; −1 for the engine's own.</param>
    IReadOnlyList<SymbolResult> Run(
        IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters execution, Precision precision,
        int maxDegreeOfParallelism, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="IBacktestEngine.Run"/>, with each symbol's equity after every bar besides its result.</summary>
    /// <param name="maxDegreeOfParallelism">Threads; −1 for the engine's own.</param>
    IReadOnlyList<SymbolEquity> RunKeepingEquity(
        IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters execution, Precision precision,
        int maxDegreeOfParallelism, CancellationToken cancellationToken = default);
}
