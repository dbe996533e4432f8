using Backtest.Simulation;
using Backtest.Strategy;

namespace Backtest.Fused;

/// <summary>
/// The run's parameters in the form the fused kernel compares against, derived once per run in f64.
/// Scores are integers, so "score &gt; threshold" is "score ≥ EntryMinScore" and "score &lt; −threshold" is
/// "score ≤ ExitMaxScore" with both bounds whole numbers: exact in f32 too, whatever the threshold.
/// </summary>
internal readonly record struct KernelSettings
{
    /// <summary>
    /// A price within this relative distance of a stop or target makes the bar an event; the exact
    /// test of spec §4 then runs in f64. It only has to cover an f32 rounding of the level (6e-8).
    /// </summary>
    public const double ProtectiveMargin = 1e-6;

    public required StrategyParameters Parameters { get; init; }

    /// <summary>The precision the kernel computes in; it sets the two tie tolerances below.</summary>
    public Engines.Precision Precision { get; init; }

    /// <summary>
    /// ε of "a ≻ b" for the comparisons of two price levels (SMA vs SMA, a band vs the close), relative to the
    /// close. f64: the spec's 1e-9. f32: 2^-22 ≈ 2.4e-7, four half-ulps: an f32 price is off its decimal value
    /// by up to 2^-24, an SMA difference carries two such roundings and a band a third, so values equal in
    /// exact arithmetic (two-level windows of thin minute data tie SMAs and bands exactly) compare equal.
    /// </summary>
    public double PriceTieEpsilon => Precision == Engines.Precision.F32 ? 1.0 / (1 << 22) : S3Score.PriceEpsilon;

    /// <summary>
    /// The relative tolerance of "a price reaches the stop / target". f64: the spec's 1e-9. f32: 2^-23, one
    /// f32 rounding of the price and one of the entry the level derives from, so that a high of 10.04 reaches
    /// a target of exactly 10.04 although f32 holds it as 10.0399999.
    /// </summary>
    public double ProtectiveEpsilon => Precision == Engines.Precision.F32 ? 1.0 / (1 << 23) : OrderMath.ProtectiveEpsilon;

    public int Warmup => Parameters.WarmupBars;

    public double EntryMinScore => Math.Floor(Parameters.Threshold) + 1;

    public double ExitMaxScore => Math.Ceiling(-Parameters.Threshold) - 1;

    /// <summary>RSI ≺ rsi_low − ε_RSI scores +w_rsi; compared as 100·AG &lt; bound·(AG + AL).</summary>
    public double RsiLowBound => Parameters.RsiLow - Strategy.S3Score.RsiEpsilon;

    public double RsiHighBound => Parameters.RsiHigh + Strategy.S3Score.RsiEpsilon;

    /// <summary>The RSI points when prices have not moved (AG + AL = 0, RSI = 50).</summary>
    public double FlatRsiPoints
    {
        get
        {
            if (S3Score.ClearlyGreater(Parameters.RsiLow, 50, S3Score.RsiEpsilon)) return Parameters.WRsi;
            if (S3Score.ClearlyGreater(50, Parameters.RsiHigh, S3Score.RsiEpsilon)) return -Parameters.WRsi;
            return 0;
        }
    }

    public bool UseStop => Parameters.StopLossPct > 0;

    public bool UseTarget => Parameters.TakeProfitPct > 0;

    public bool UseTime => Parameters.MaxHoldBars > 0;

    public bool Protective => UseStop || UseTarget;

    /// <summary>The largest |score|: the sum of the weights.</summary>
    public long MaxAbsScore => (long)Parameters.WTrend + Parameters.WRsi + Parameters.WBb + Parameters.WMacd;

    /// <summary>A low at or below this may reach the stop.</summary>
    public double StopScreen(double stop) => stop * (1 + ProtectiveEpsilon) * (1 + ProtectiveMargin);

    /// <summary>A high at or above this may reach the target.</summary>
    public double TargetScreen(double target) => target * (1 - ProtectiveEpsilon) * (1 - ProtectiveMargin);
}
