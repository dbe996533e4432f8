namespace Backtest.Engines;

/// <summary>
/// Rules the fused kernels share, whichever engine runs them (the SIMD engine's walk, the Metal plugin's shader), written
/// once: the tolerances of comparisons where f32 cannot hold the prices exactly, the jump that makes rolling sums
/// recompute, and the bound of s3's f32 score.
/// </summary>
public static class KernelRules
{
    /// <summary>
    /// ε of "a ≻ b" for the comparisons of two price levels (SMA vs SMA, a band vs the close), relative to the
    /// close. Where the lane's prices are exact (f64; f32 with a decimal scale, see Panel.PriceScale) it is
    /// the spec's 1e-9. Where f32 could not hold them exactly, 2^-22 ≈ 2.4e-7, four half-ulps: each price is
    /// off its decimal value by up to 2^-24, an SMA difference carries two such roundings and a band a third,
    /// so values equal in exact arithmetic (thin minute data ties SMAs and bands exactly) still compare equal.
    /// </summary>
    public static double PriceTieEpsilon(bool exactPrices) => exactPrices ? Strategies.Reference.Comparison.RelativeEpsilon : 1.0 / (1 << 22);

    /// <summary>
    /// The relative tolerance of "a price reaches the stop / target": the spec's 1e-9 for exact prices, 2^-23
    /// otherwise (the price's f32 rounding and that of the entry the level derives from), so that a high of
    /// 10.04 reaches a target of exactly 10.04 although f32 holds it as 10.0399999.
    /// </summary>
    public static double ProtectiveEpsilon(bool exactPrices) => exactPrices ? Simulation.OrderMath.ProtectiveEpsilon : 1.0 / (1 << 23);

    /// <summary>
    /// A one-bar move of the close by more than this fraction of the lower close is a jump: the rolling window
    /// sums are then recomputed from the window at every bar until the jump's bars have left the longest window.
    /// A rolling sum's rounding is that of the largest deviation it carried, and it stays after that deviation
    /// has left the window: a spike of 1e6 in prices near 12 left errors of 1e-4 (squared price) in the band
    /// variance, which decided other trades than the reference's. A quarter of the price is far beyond a normal
    /// bar's move, so ordinary data never pays for the recomputation.
    /// </summary>
    public const double JumpLimit = 0.25;

    /// <summary>An f32 score is exact only while every sum of weights is an integer below this (2^24).</summary>
    public const long F32MaxAbsScoreLimit = 1 << 24;

    /// <summary>
    /// Why the f32 engines (SIMD and Metal) cannot run s3 with <paramref name="s3Values"/> (its parameters by name) in
    /// <paramref name="precision"/>; null if they can. s3's score is a sum of its four integer weights, which f32 holds
    /// exactly only below 2^24.
    /// </summary>
    public static string? PrecisionProblem(IReadOnlyDictionary<string, double> s3Values, Precision precision) =>
        precision == Precision.F32 && S3MaxAbsScore(s3Values) >= F32MaxAbsScoreLimit
            ? "With --precision f32 the weights must sum to less than 16,777,216."
            : null;

    /// <summary>The largest |score| of s3 with <paramref name="s3Values"/>: the sum of its four weights (a value not given is the file's default).</summary>
    public static double S3MaxAbsScore(IReadOnlyDictionary<string, double> s3Values)
    {
        ArgumentNullException.ThrowIfNull(s3Values);
        double Weight(string name) => s3Values.TryGetValue(name, out double value) ? value : Strategy.S3Strategy.Definition.Parameter(name)!.Default;
        return Weight("w_trend") + Weight("w_rsi") + Weight("w_bb") + Weight("w_macd");
    }
}
