using Backtest.Data;
using Backtest.Strategy;

namespace Backtest.Simulation;

/// <summary>
/// The scalar reference simulator: semantics §4-§5 and strategies.md §6 written as plainly as possible, one bar
/// at a time, in f64. It is the project's oracle; faster engines must reproduce its trades. Each bar is played
/// by <see cref="PositionAccount.Advance"/>; this loop only records the equity and the bars in the market.
/// </summary>
public static class ReferenceSimulator
{
    /// <param name="rules">The rules that hold at the close of each bar (strategies.md §6).</param>
    /// <param name="firstDecisionBar">Closes before this bar (the warm-up) take no decision.</param>
    public static SimulationOutcome Run(BarSeries bars, ReadOnlySpan<RuleSignals> rules, int firstDecisionBar, StrategyParameters p)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(p);
        int n = bars.Count;
        if (rules.Length < n) throw new ArgumentException($"{n} bars need {n} rule signals, got {rules.Length}.", nameof(rules));
        var open = bars.Open;
        var high = bars.High;
        var low = bars.Low;
        var close = bars.Close;
        var settings = new AccountSettings(p);
        var account = PositionAccount.Open(p.Capital, firstDecisionBar, n - 1);

        var equity = new double[n];
        int barsInMarket = 0;
        for (int k = 0; k < n; k++)
        {
            account.Advance(k, open[k], high[k], low[k], close[k], rules[k], settings);
            equity[k] = account.Cash + account.Shares * close[k];
            // After the closing sale of the last bar, so that bar never counts (semantics §5).
            if (account.Shares != 0) barsInMarket++;
        }

        IReadOnlyList<Trade> trades = account.Trades is { } list ? list : [];
        return new SimulationOutcome(equity, trades, barsInMarket) { UnaffordableEntries = account.UnaffordableEntries };
    }
}
