namespace Backtest.Engines;

/// <summary>
/// A symbol's result with its equity after every bar (semantics §5: after the bar's fills, at its close) and the bars
/// it ended in a position, from which metrics over any part of the run are computed.
/// </summary>
public sealed record SymbolEquity(SymbolResult Result, double[] Equity, int BarsInMarket);
