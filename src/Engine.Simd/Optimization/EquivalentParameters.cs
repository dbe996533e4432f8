using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// Parameter sets that the S3 rules cannot tell apart, mapped to one of them, so that a grid runs each
/// behaviour once. The score is a sum of integer points (spec §3), so "score &gt; t" and "score &lt; −t" decide
/// the same for every t with the same floor: t behaves as floor(t). A floor at or above the largest score
/// (the sum of the weights) never enters; one at or below −(that + 1) enters and exits at every chance:
/// all such thresholds behave alike too. Nothing else is merged: every other parameter reaches the kernel.
/// Results of equivalent sets are identical bit for bit (the engine runs the same comparisons on the same
/// numbers); <see cref="SimdGridEvaluator"/> is tested to give each set exactly its own `bt run` result.
/// </summary>
public static class EquivalentParameters
{
    public static StrategyParameters Canonical(StrategyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double maxScore = (double)parameters.WTrend + parameters.WRsi + parameters.WBb + parameters.WMacd;
        double threshold = Math.Clamp(Math.Floor(parameters.Threshold), -maxScore - 1, maxScore);
        return threshold == parameters.Threshold ? parameters : parameters with { Threshold = threshold };
    }
}
