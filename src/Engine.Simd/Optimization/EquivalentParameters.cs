using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// Parameter sets that the S3 rules cannot tell apart, mapped to one of them, so that a grid runs each
/// behaviour once. The score (spec §3) is ±w_trend + {−w_rsi, 0, +w_rsi} + {−w_bb, 0, +w_bb} ± w_macd, so it takes
/// at most 36 values, symmetric about 0. "score &gt; t" and "score &lt; −t" then decide alike for every t
/// between two neighbouring values: t behaves as the largest possible score ≤ t (with the defaults a score of
/// 7 cannot occur, so threshold 7 behaves as 6, and 4.5 as 4), every t at or above the largest score never
/// enters, and every t below the smallest enters and exits at every chance. The set used may hold values the
/// rules never produce (RSI scoring 0 when rsi_low is above rsi_high, say): a superset keeps the mapping exact.
/// Nothing else is merged: every other parameter reaches the kernel. Equivalent sets give identical results
/// bit for bit (the engine runs the same comparisons on the same numbers); <see cref="SimdGridEvaluator"/> is
/// tested to give each set exactly its own `bt run` result.
/// </summary>
public static class EquivalentParameters
{
    public static StrategyParameters Canonical(StrategyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var scores = PossibleScores(parameters);
        double t = Math.Floor(parameters.Threshold);
        double threshold = t < scores[0] ? scores[0] - 1 : scores.Last(s => s <= t);
        return threshold == parameters.Threshold ? parameters : parameters with { Threshold = threshold };
    }

    /// <summary>Every score the four parts can sum to, ascending.</summary>
    public static double[] PossibleScores(StrategyParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var scores = new SortedSet<double>();
        foreach (double trend in new double[] { -p.WTrend, p.WTrend })
            foreach (double rsi in new double[] { -p.WRsi, 0, p.WRsi })
                foreach (double bb in new double[] { -p.WBb, 0, p.WBb })
                    foreach (double macd in new double[] { -p.WMacd, p.WMacd })
                        scores.Add(trend + rsi + bb + macd);
        return [.. scores];
    }
}
