using Backtest.Metrics;
using Backtest.Simulation;

namespace Backtest.Engines;

/// <summary>What an engine returns for one symbol: its metrics and, when asked for, its trades.</summary>
public sealed record SymbolResult(string Symbol, int Bars, SymbolMetrics Metrics, IReadOnlyList<Trade> Trades);
