namespace Backtest.Simulation;

/// <summary>
/// Which of a strategy's four rules hold at a bar's close (strategies.md §2, §6); a rule that is absent or na
/// there does not hold. The account turns them into decisions: exits first, then an entry (a reversal when the
/// entry is in the other direction of a position being exited).
/// </summary>
[Flags]
public enum RuleSignals : byte
{
    None = 0,
    Buy = 1,
    Sell = 2,
    Short = 4,
    Cover = 8,
}
