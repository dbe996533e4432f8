using Backtest.Data;
using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Strategies.Language;
using Backtest.Strategies.Reference;
using Backtest.Strategy;

namespace Backtest.WalkForward;

/// <summary>
/// One symbol's test window, run with a chosen combination: the scalar reference (the strategy's graph evaluated
/// by <see cref="ReferenceEvaluator"/>, its rules played by <see cref="ReferenceSimulator"/>) on the W bars before
/// the window (W = the graph's first decision bar, fewer where the series has fewer) followed by the window's bars. Those W bars only warm the indicators up: the first decision is
/// at bar W of that slice, the window's first bar, and no bar after the window is read. The account
/// starts flat at the capital at the window's start; an open position is sold at the window's last close.
/// Recursive indicators (EMA, Wilder RSI, MACD) started W bars early differ slightly from the same
/// indicators run over the full history. (The reference rather than the SIMD walk: the stitched curve needs each
/// bar's equity, which the fused walk does not keep.)
/// </summary>
public sealed record OutOfSampleRun(
    string Symbol, BarRange Window, double[] Equity, IReadOnlyList<Trade> Trades, int BarsInMarket, SymbolMetrics Metrics)
{
    /// <summary>The window's first and last close and time (buy and hold, CAGR).</summary>
    public SeriesSpan Span { get; init; }

    /// <param name="execution">The execution settings of semantics §4 (its S3 fields are not read).</param>
    /// <param name="periodsPerYear">P for the ratios: the execution settings' or, when they infer it, this (from the full series).</param>
    public static OutOfSampleRun Run(BarSeries series, BarRange window, StrategyInstance strategy, StrategyParameters execution, double periodsPerYear)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(execution);
        var graph = strategy.Graph;
        int w = graph.FirstDecisionBarIndex;
        int sliceStart = Math.Max(0, window.First - w);
        var slice = series.Slice(sliceStart, window.End - sliceStart);
        // Bar W of the slice is the window's first bar when the series has W bars before it, and later otherwise.
        var outcome = ReferenceSimulator.Run(slice, ReferenceEvaluator.Rules(graph, slice), w, execution);

        int offset = window.First - sliceStart;
        double[] equity = outcome.Equity.AsSpan(offset).ToArray();
        // Trades and bar indices of the full series, for reports.
        var trades = outcome.Trades.Select(t => t with { EntryBar = t.EntryBar + sliceStart, ExitBar = t.ExitBar + sliceStart }).ToArray();
        double p = execution.PeriodsPerYear ?? periodsPerYear;
        var span = SeriesSpan.Of(series, window.First, window.End);
        var metrics = PerformanceMetrics.Compute(equity, trades, outcome.BarsInMarket, execution.Capital, p, span);
        return new OutOfSampleRun(series.Symbol, window, equity, trades, outcome.BarsInMarket, metrics) { Span = span };
    }
}
