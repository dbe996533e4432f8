namespace Backtest.Optimization;

/// <summary>One point of a grid: its index in grid order and everything `bt run` would be given for it.</summary>
public readonly record struct GridCombination(int Index, GridPoint Point);
