using Backtest.Data;
using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Optimization;
using Backtest.Simulation;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.WalkForward;

/// <summary>
/// One symbol's test window, run with a chosen combination on the grid engine (the SIMD engine; f64, the reference's arithmetic): the W
/// bars before the window (W = the graph's first decision bar, fewer where the series has fewer) followed by the
/// window's bars. Those W bars only warm the indicators up: the first decision is at bar W of that slice, the window's
/// first bar, and no bar after the window is read. The account starts flat at the capital at the window's start; an
/// open position is sold at the window's last close. Recursive indicators (EMA, Wilder RSI, MACD) started W bars early
/// differ slightly from the same indicators run over the full history.
/// </summary>
public sealed record OutOfSampleRun(
    string Symbol, BarRange Window, double[] Equity, IReadOnlyList<Trade> Trades, int BarsInMarket, SymbolMetrics Metrics)
{
    /// <summary>The window's first and last close and time (buy and hold, CAGR).</summary>
    public SeriesSpan Span { get; init; }

    /// <summary>The test windows that run one strategy, all in one run of <paramref name="engine"/>, in the order of <paramref name="tests"/>.</summary>
    /// <param name="execution">The execution settings of semantics §4.</param>
    /// <param name="periodsPerYear">P for the ratios of a symbol: the execution settings' or, when they infer it, this (from the full series).</param>
    public static IReadOnlyList<OutOfSampleRun> Run(
        IGridEngine engine, IReadOnlyList<(BarSeries Series, BarRange Window)> tests, StrategyInstance strategy, StrategyParameters execution,
        Func<string, double> periodsPerYear, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(tests);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(periodsPerYear);
        int w = strategy.Graph.FirstDecisionBarIndex;
        var sliceStarts = tests.Select(t => Math.Max(0, t.Window.First - w)).ToArray();
        // Bar W of a slice is its window's first bar when the series has W bars before it, and later otherwise.
        var slices = tests.Select((t, i) => t.Series.Slice(sliceStarts[i], t.Window.End - sliceStarts[i])).ToArray();
        var runs = engine.RunKeepingEquity(slices, strategy, execution, Precision.F64, maxDegreeOfParallelism, cancellationToken);
        var outOfSample = new OutOfSampleRun[tests.Count];
        for (int i = 0; i < tests.Count; i++)
        {
            var (series, window) = tests[i];
            outOfSample[i] = OfSlice(series, window, sliceStarts[i], runs[i], execution, periodsPerYear(series.Symbol));
        }
        return outOfSample;
    }

    /// <summary>The window's part of the run over its slice, which starts at <paramref name="sliceStart"/> of the series.</summary>
    private static OutOfSampleRun OfSlice(BarSeries series, BarRange window, int sliceStart, SymbolEquity run, StrategyParameters execution, double periodsPerYear)
    {
        int offset = window.First - sliceStart;
        double[] equity = run.Equity.AsSpan(offset).ToArray();
        // Trades and bar indices of the full series, for reports.
        var trades = run.Result.Trades.Select(t => t with { EntryBar = t.EntryBar + sliceStart, ExitBar = t.ExitBar + sliceStart }).ToArray();
        double p = execution.PeriodsPerYear ?? periodsPerYear;
        var span = SeriesSpan.Of(series, window.First, window.End);
        // No position is held before the first decision: every bar in the market is in the window.
        var metrics = PerformanceMetrics.Compute(equity, trades, run.BarsInMarket, execution.Capital, p, span);
        return new OutOfSampleRun(series.Symbol, window, equity, trades, run.BarsInMarket, metrics) { Span = span };
    }
}
