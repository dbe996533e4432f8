using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Strategy;

namespace Backtest.Metal.Host;

/// <summary>A thread's final state and trade slots as the engine's <see cref="SymbolResult"/> (spec §5).</summary>
public static class ResultDecoder
{
    /// <param name="span">The series' first and last close and time (buy and hold, CAGR).</param>
    /// <param name="slots">The thread's trade slots; at least <see cref="KernelThreadState.Trades"/> of them.</param>
    public static SymbolResult Decode(
        in KernelThreadState state, ReadOnlySpan<TradeRecord> slots, StrategyParameters parameters, string symbol, int bars, double inferredPeriodsPerYear,
        SeriesSpan span = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (state.Trades > slots.Length)
            throw new ArgumentException($"{symbol}: the kernel closed {state.Trades} trades but only {slots.Length} slots are given.", nameof(slots));
        if (state.Shares.Hi != 0)
            throw new InvalidOperationException($"{symbol}: the kernel left a position open after the last bar.");

        var trades = new Trade[state.Trades];
        for (int i = 0; i < trades.Length; i++) trades[i] = slots[i].ToTrade();

        // Without a fill the cash is the capital, exactly (its double-float may not hold every f64 capital).
        double finalValue = trades.Length == 0 ? parameters.Capital : state.Cash.Value;
        var returns = new ReturnSums(Math.Max(0, bars - 1), state.SumReturns.Value, state.SumSquares.Value, state.SumDownside.Value);
        // The shader keeps no run length below the peak: max_drawdown_bars is unknown (null) for this engine.
        var drawdowns = new DrawdownSummary(state.MaxDrawdown.Value, 100.0 * state.MaxDrawdownRatio, null);
        var metrics = PerformanceMetrics.FromSums(
            finalValue, parameters.Capital, bars, returns, drawdowns,
            (int)state.BarsInMarket, trades, parameters.PeriodsPerYear ?? inferredPeriodsPerYear, span);
        return new SymbolResult(symbol, bars, metrics, trades) { UnaffordableEntries = (int)state.UnaffordableEntries };
    }
}
