using Backtest.Metrics;
using Backtest.Simulation;

namespace Backtest.Engines;

/// <summary>What an engine returns for one symbol: its metrics and, when asked for, its trades.</summary>
public sealed record SymbolResult(string Symbol, int Bars, SymbolMetrics Metrics, IReadOnlyList<Trade> Trades)
{
    /// <summary>
    /// Entry orders dropped because the budget could not buy one share (spec §4: shares &lt; 1), counted by the
    /// simulator of every engine. A symbol priced above its budget otherwise trades zero times without a word.
    /// </summary>
    public int UnaffordableEntries { get; init; }
}
