using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>One point of a grid: its index in grid order and the full parameter set it stands for.</summary>
public readonly record struct GridCombination(int Index, StrategyParameters Parameters);
