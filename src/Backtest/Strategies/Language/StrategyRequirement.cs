namespace Backtest.Strategies.Language;

/// <summary>A <c>require</c> of a strategy file: its condition as written, its message (if any) and where it is.</summary>
public sealed record StrategyRequirement(string Condition, string? Message, int Line, int Column);
