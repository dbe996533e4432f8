using Backtest.Data;
using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Language;
using Backtest.Strategies.Reference;
using Backtest.Strategy;

namespace Backtest.Engines;

/// <summary>
/// The scalar f64 reference: per symbol, the indicators as full arrays, the score, the simulator and the
/// metrics, each written straight from the spec. Not built for speed: it is the oracle every
/// faster engine is tested against. Symbols run in parallel; each is independent of the others.
/// </summary>
public sealed class ReferenceEngine : IBacktestEngine
{
    public string Name => "reference";

    public bool Supports(Precision precision) => precision == Precision.F64;

    /// <summary>The reference runs every strategy the language can express.</summary>
    public string? CannotRun(StrategyInstance strategy) => null;

    public IReadOnlyList<SymbolResult> Run(
        IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters parameters, Precision precision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (!Supports(precision))
            throw new NotSupportedException($"The reference engine computes in f64 only, not {precision.ToString().ToLowerInvariant()}.");
        var errors = parameters.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(parameters));

        var results = new SymbolResult[series.Count];
        Parallel.For(0, series.Count, new ParallelOptions { CancellationToken = cancellationToken },
            i => results[i] = RunSymbol(series[i], strategy.Graph, parameters));
        return results;
    }

    /// <summary>
    /// One symbol: the graph evaluated over the whole series (<see cref="ReferenceEvaluator"/>), its rules played bar by
    /// bar by the account (<see cref="ReferenceSimulator"/>), the metrics of the equity curve and trades.
    /// </summary>
    public static SymbolResult RunSymbol(BarSeries bars, StrategyGraph graph, StrategyParameters p)
    {
        var rules = ReferenceEvaluator.Rules(graph, bars);
        var outcome = ReferenceSimulator.Run(bars, rules, graph.FirstDecisionBarIndex, p);
        double periodsPerYear = p.PeriodsPerYear ?? PeriodsPerYearInference.Infer(bars.Times);
        var metrics = PerformanceMetrics.Compute(outcome.Equity, outcome.Trades, outcome.BarsInMarket, p.Capital, periodsPerYear, SeriesSpan.Of(bars));
        return new SymbolResult(bars.Symbol, bars.Count, metrics, outcome.Trades) { UnaffordableEntries = outcome.UnaffordableEntries };
    }
}
