using Backtest.Results;

namespace Backtest.Runs;

/// <summary>
/// The report of a run, and whether it counts as a success: a run fails, with a one-line
/// <see cref="FailureReason"/>, when no symbol could be backtested. The report is complete either way
/// (on failure it lists no symbols and says in "skipped" why each one was left out).
/// </summary>
public sealed record RunOutcome(RunReport Report, string? FailureReason)
{
    public bool Succeeded => FailureReason is null;
}
