namespace Backtest.Strategies.Language;

/// <summary>
/// One error of a strategy file (strategies.md §7): where it is and what is wrong. Line and column are 1-based, a
/// column counts characters (a tab counts 1). Line 0 means the file as a whole (it could not be found or read).
/// </summary>
public sealed record StrategyError(string File, int Line, int Column, string Message)
{
    /// <summary><c>FILE:LINE:COLUMN: message</c>, or <c>FILE: message</c> for the file as a whole.</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}: {Message}" : $"{File}: {Message}";
}
