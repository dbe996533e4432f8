namespace Backtest.Simulation;

/// <summary>
/// One symbol's simulated account: equity after every bar, the closed trades, and the number of bars
/// whose close ended with shares held (for exposure).
/// </summary>
public sealed record SimulationOutcome(double[] Equity, IReadOnlyList<Trade> Trades, int BarsInMarket)
{
    /// <summary>Entry orders dropped because the budget could not buy one share (<see cref="Engines.SymbolResult.UnaffordableEntries"/>).</summary>
    public int UnaffordableEntries { get; init; }
}
