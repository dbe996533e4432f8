using Backtest.Indicators;

namespace Backtest.Strategy;

/// <summary>
/// The S3 composite score of spec §3: integer points from trend, RSI, Bollinger and MACD, summed at the
/// close of every bar from W on. Comparisons are "clearly greater" with a tolerance, so values equal in
/// exact arithmetic (flat prices) compare equal whatever the engine's order of additions.
/// </summary>
public static class S3Score
{
    /// <summary>Relative tolerance for quantities in price units, scaled by close[k].</summary>
    public const double PriceEpsilon = 1e-9;

    /// <summary>Absolute tolerance for RSI, which is in points (0..100).</summary>
    public const double RsiEpsilon = 1e-7;

    /// <summary>a ≻ b: a exceeds b by more than ε.</summary>
    public static bool ClearlyGreater(double a, double b, double epsilon) => a - b > epsilon;

    /// <summary>Scores from bar <see cref="StrategyParameters.WarmupBars"/> on; 0 before.</summary>
    public static int[] Compute(ReadOnlySpan<double> close, StrategyParameters p)
    {
        var scores = new int[close.Length];
        int w = p.WarmupBars;
        if (close.Length <= w) return scores;

        var smaFast = Sma.Compute(close, p.SmaFast);
        var smaSlow = Sma.Compute(close, p.SmaSlow);
        var rsi = Rsi.Compute(close, p.RsiPeriod);
        var bands = Bollinger.Compute(close, p.BbPeriod, p.BbK);
        var macd = Macd.Compute(close, p.MacdFast, p.MacdSlow, p.MacdSignal);

        for (int k = w; k < close.Length; k++)
        {
            double eps = PriceEpsilon * close[k];
            int score = ClearlyGreater(smaFast[k], smaSlow[k], eps) ? p.WTrend : -p.WTrend;

            if (ClearlyGreater(p.RsiLow, rsi[k], RsiEpsilon)) score += p.WRsi;
            else if (ClearlyGreater(rsi[k], p.RsiHigh, RsiEpsilon)) score -= p.WRsi;

            if (ClearlyGreater(bands.Lower[k], close[k], eps)) score += p.WBb;
            else if (ClearlyGreater(close[k], bands.Upper[k], eps)) score -= p.WBb;

            score += ClearlyGreater(macd.Macd[k], macd.Signal[k], eps) ? p.WMacd : -p.WMacd;
            scores[k] = score;
        }
        return scores;
    }
}
