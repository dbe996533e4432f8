using Backtest.Simulation;
using Backtest.Strategy;

namespace Backtest.Fused;

/// <summary>
/// The run's parameters in the form the fused kernel compares against, derived once per run in f64.
/// Scores are integers, so "score &gt; threshold" is "score ≥ EntryMinScore" and "score &lt; −threshold" is
/// "score ≤ ExitMaxScore" with both bounds whole numbers: exact in f32 too, whatever the threshold. Public: the Metal
/// plugin's S3 shader takes its constants and f32 tolerances from here, so both f32 kernels derive them once, alike.
/// </summary>
public readonly record struct KernelSettings
{
    /// <summary>
    /// A price within this relative distance of a stop or target makes the bar an event; the exact
    /// test of spec §4 then runs in f64. It only has to cover an f32 rounding of the level (6e-8).
    /// </summary>
    public const double ProtectiveMargin = 1e-6;

    public required StrategyParameters Parameters { get; init; }

    /// <summary>The precision the kernel computes in.</summary>
    public Engines.Precision Precision { get; init; }

    /// <summary>
    /// ε of "a ≻ b" for the comparisons of two price levels (SMA vs SMA, a band vs the close), relative to the
    /// close. Where the lane's prices are exact (f64; f32 with a decimal scale, see Panel.PriceScale) it is
    /// the spec's 1e-9. Where f32 could not hold them exactly, 2^-22 ≈ 2.4e-7, four half-ulps: each price is
    /// off its decimal value by up to 2^-24, an SMA difference carries two such roundings and a band a third,
    /// so values equal in exact arithmetic (thin minute data ties SMAs and bands exactly) still compare equal.
    /// </summary>
    public static double PriceTieEpsilon(bool exactPrices) => exactPrices ? S3Score.PriceEpsilon : 1.0 / (1 << 22);

    /// <summary>
    /// The relative tolerance of "a price reaches the stop / target": the spec's 1e-9 for exact prices, 2^-23
    /// otherwise (the price's f32 rounding and that of the entry the level derives from), so that a high of
    /// 10.04 reaches a target of exactly 10.04 although f32 holds it as 10.0399999.
    /// </summary>
    public static double ProtectiveEpsilon(bool exactPrices) => exactPrices ? OrderMath.ProtectiveEpsilon : 1.0 / (1 << 23);

    public int Warmup => Parameters.WarmupBars;

    /// <summary>
    /// A one-bar move of the close by more than this fraction of the lower close is a jump: the rolling window
    /// sums are then recomputed from the window at every bar until the jump's bars have left the longest window.
    /// A rolling sum's rounding is that of the largest deviation it carried, and it stays after that deviation
    /// has left the window: a spike of 1e6 in prices near 12 left errors of 1e-4 (squared price) in the band
    /// variance, which decided other trades than the reference's. A quarter of the price is far beyond a normal
    /// bar's move, so ordinary data never pays for the recomputation.
    /// </summary>
    public const double JumpLimit = 0.25;

    /// <summary>The longest window of a rolling sum: after a jump its sums are recomputed for this many bars more.</summary>
    public int LongestWindow => Math.Max(Math.Max(Parameters.SmaFast, Parameters.SmaSlow), Parameters.BbPeriod);

    public double EntryMinScore => Math.Floor(Parameters.Threshold) + 1;

    public double ExitMaxScore => Math.Ceiling(-Parameters.Threshold) - 1;

    /// <summary>RSI ≺ rsi_low − ε_RSI scores +w_rsi; compared as 100·AG &lt; bound·(AG + AL).</summary>
    public double RsiLowBound => Parameters.RsiLow - Strategy.S3Score.RsiEpsilon;

    public double RsiHighBound => Parameters.RsiHigh + Strategy.S3Score.RsiEpsilon;

    // The indicators' coefficients in f64, which each kernel (SIMD in T, Metal in f32) rounds once to its own type.

    public double InvFast => 1.0 / Parameters.SmaFast;

    public double NegInvSlow => -1.0 / Parameters.SmaSlow;

    public double InvBands => 1.0 / Parameters.BbPeriod;

    /// <summary>1 − α of MACD's fast EMA.</summary>
    public double KeepFast => 1 - 2.0 / (Parameters.MacdFast + 1.0);

    /// <summary>1 − α of MACD's slow EMA.</summary>
    public double KeepSlow => 1 - 2.0 / (Parameters.MacdSlow + 1.0);

    public double AlphaSignal => 2.0 / (Parameters.MacdSignal + 1.0);

    public double InvRsi => 1.0 / Parameters.RsiPeriod;

    /// <summary>RSI ≺ bound as (bound − 100)·AG + bound·AL &gt; 0 (no division).</summary>
    public double RsiLowGainWeight => RsiLowBound - 100;

    /// <summary>RSI ≻ bound as (100 − bound)·AG − bound·AL &gt; 0.</summary>
    public double RsiHighGainWeight => 100 - RsiHighBound;

    public double NegRsiHighBound => -RsiHighBound;

    /// <summary>The RSI points when prices have not moved (AG + AL = 0, RSI = 50).</summary>
    public double FlatRsiPoints => FlatRsiSign * Parameters.WRsi;

    /// <summary>How an RSI of 50 scores, whatever w_rsi: +1 when it is clearly below rsi_low, −1 above rsi_high, else 0.</summary>
    public int FlatRsiSign
    {
        get
        {
            if (S3Score.ClearlyGreater(Parameters.RsiLow, 50, S3Score.RsiEpsilon)) return 1;
            if (S3Score.ClearlyGreater(50, Parameters.RsiHigh, S3Score.RsiEpsilon)) return -1;
            return 0;
        }
    }

    /// <summary>The execution parameters as the event path's <see cref="PositionAccount"/> reads them.</summary>
    public AccountSettings Account => new(Parameters);

    public bool UseStop => Account.UseStop;

    public bool UseTarget => Account.UseTarget;

    public bool UseTime => Account.UseTime;

    public bool Protective => Account.Protective;

    /// <summary>The largest |score|: the sum of the weights.</summary>
    public long MaxAbsScore => (long)Parameters.WTrend + Parameters.WRsi + Parameters.WBb + Parameters.WMacd;

    /// <summary>An f32 score is exact only while every sum of weights is an integer below this (2^24).</summary>
    public const long F32MaxAbsScoreLimit = 1 << 24;

    /// <summary>Why the f32 kernels (SIMD and Metal) cannot run <paramref name="parameters"/> in <paramref name="precision"/>; null if they can.</summary>
    public static string? PrecisionProblem(StrategyParameters parameters, Engines.Precision precision) =>
        precision == Engines.Precision.F32 && new KernelSettings { Parameters = parameters }.MaxAbsScore >= F32MaxAbsScoreLimit
            ? "With --precision f32 the weights must sum to less than 16,777,216."
            : null;

    /// <summary>A low at or below this may reach the stop (tolerance as <see cref="ProtectiveEpsilon"/>).</summary>
    public static double StopScreen(double stop, double tolerance) => stop * (1 + tolerance) * (1 + ProtectiveMargin);

    /// <summary>A high at or above this may reach the target.</summary>
    public static double TargetScreen(double target, double tolerance) => target * (1 - tolerance) * (1 - ProtectiveMargin);
}
