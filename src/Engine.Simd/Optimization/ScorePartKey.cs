using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>One of the four comparisons the S3 score adds up (spec §3).</summary>
internal enum ScorePart
{
    Trend,
    Rsi,
    Bands,
    Macd,
}

/// <summary>
/// What one part of the score depends on: parameter sets with the same key make the same comparisons at
/// every bar of a tile, bit for bit, whatever their weights, threshold, fills, fees or stops. The warm-up is
/// part of every key: the kernel seeds the recursive indicators at bar W and restarts its window sums at W
/// and every 512 bars after, so their rounding depends on it.
/// </summary>
internal readonly record struct ScorePartKey(ScorePart Part, double A, double B, double C, int Warmup)
{
    /// <summary>Byte masks the part is kept as: one for two-valued parts, two (+w and −w) for RSI and the bands.</summary>
    public int Masks => Part is ScorePart.Rsi or ScorePart.Bands ? 2 : 1;

    /// <summary>The set's four keys, in <see cref="ScorePart"/> order.</summary>
    public static ScorePartKey[] Of(StrategyParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        int w = p.WarmupBars;
        return
        [
            new(ScorePart.Trend, p.SmaFast, p.SmaSlow, 0, w),
            new(ScorePart.Rsi, p.RsiPeriod, p.RsiLow, p.RsiHigh, w),
            new(ScorePart.Bands, p.BbPeriod, p.BbK, 0, w),
            new(ScorePart.Macd, p.MacdFast, p.MacdSlow, p.MacdSignal, w),
        ];
    }
}
