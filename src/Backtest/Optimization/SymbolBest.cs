using Backtest.Metrics;

namespace Backtest.Optimization;

/// <summary>The best combination for one symbol (--select symbol): its value of the metric and all its metrics.</summary>
public sealed record SymbolBest(string Symbol, GridCombination Combination, double? Value, SymbolMetrics Metrics);
