namespace Backtest.Simulation;

/// <summary>
/// S3's score as the rules of strategies.md §6 (semantics §3): buy where score &gt; threshold, sell where
/// score &lt; −threshold. S3 is long only: it never shorts or covers.
/// </summary>
public static class S3Signals
{
    public static RuleSignals FromScore(double score, double threshold)
    {
        var rules = RuleSignals.None;
        if (score > threshold) rules |= RuleSignals.Buy;
        if (score < -threshold) rules |= RuleSignals.Sell;
        return rules;
    }

    /// <summary>The rules of every bar's score, for <see cref="ReferenceSimulator"/>.</summary>
    public static RuleSignals[] FromScores(ReadOnlySpan<int> scores, double threshold)
    {
        var rules = new RuleSignals[scores.Length];
        for (int k = 0; k < scores.Length; k++) rules[k] = FromScore(scores[k], threshold);
        return rules;
    }
}
