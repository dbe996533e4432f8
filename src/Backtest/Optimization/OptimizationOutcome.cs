namespace Backtest.Optimization;

/// <summary>An optimization's report, or why there is none (no valid combination, no symbol long enough).</summary>
public sealed record OptimizationOutcome(OptimizationReport? Report, string? FailureReason)
{
    public bool Succeeded => Report is not null;
}
