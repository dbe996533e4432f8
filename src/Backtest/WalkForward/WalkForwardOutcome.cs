namespace Backtest.WalkForward;

/// <summary>A walk-forward's report, or why there is none (no fold fits the data's span, no fold could run).</summary>
public sealed record WalkForwardOutcome(WalkForwardReport? Report, string? FailureReason)
{
    public bool Succeeded => Report is not null;
}
