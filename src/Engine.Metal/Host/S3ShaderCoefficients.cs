namespace Backtest.Metal.Host;

/// <summary>
/// The S3 shader's coefficients of one parameter set, derived once in f64 (the shader rounds each to f32 once), as the
/// SIMD engine's hand-fused S3 kernel derived them before the graph walk replaced it (deleted after 431f744). Scores are
/// integers, so "score &gt; threshold" is "score ≥ EntryMinScore" and "score &lt; −threshold" is "score ≤ ExitMaxScore"
/// with both bounds whole numbers: exact in f32 too, whatever the threshold. Until the plugin's kernels are generated from
/// the strategy graph, this is the one S3-specific form of the parameters left.
/// </summary>
public readonly record struct S3ShaderCoefficients(S3Run Run)
{
    public int SmaFast => (int)Run["sma_fast"];
    public int SmaSlow => (int)Run["sma_slow"];
    public int RsiPeriod => (int)Run["rsi_period"];
    public double RsiLow => Run["rsi_low"];
    public double RsiHigh => Run["rsi_high"];
    public int BbPeriod => (int)Run["bb_period"];
    public double BbK => Run["bb_k"];
    public int MacdFast => (int)Run["macd_fast"];
    public int MacdSlow => (int)Run["macd_slow"];
    public int MacdSignal => (int)Run["macd_signal"];
    public int WTrend => (int)Run["w_trend"];
    public int WRsi => (int)Run["w_rsi"];
    public int WBb => (int)Run["w_bb"];
    public int WMacd => (int)Run["w_macd"];
    public double Threshold => Run["threshold"];

    /// <summary>Absolute tolerance of RSI comparisons, in points (0..100): "RSI ≺ rsi_low" is RSI &lt; rsi_low − this.</summary>
    public const double RsiEpsilon = 1e-7;

    /// <summary>The longest window of a rolling sum: after a jump its sums are recomputed for this many bars more.</summary>
    public int LongestWindow => Math.Max(Math.Max(SmaFast, SmaSlow), BbPeriod);

    public double EntryMinScore => Math.Floor(Threshold) + 1;

    public double ExitMaxScore => Math.Ceiling(-Threshold) - 1;

    /// <summary>RSI ≺ rsi_low − ε_RSI scores +w_rsi; compared as 100·AG &lt; bound·(AG + AL).</summary>
    public double RsiLowBound => RsiLow - RsiEpsilon;

    public double RsiHighBound => RsiHigh + RsiEpsilon;

    // The indicators' coefficients in f64, which each kernel (SIMD in T, Metal in f32) rounds once to its own type.

    public double InvFast => 1.0 / SmaFast;

    public double NegInvSlow => -1.0 / SmaSlow;

    public double InvBands => 1.0 / BbPeriod;

    /// <summary>1 − α of MACD's fast EMA.</summary>
    public double KeepFast => 1 - 2.0 / (MacdFast + 1.0);

    /// <summary>1 − α of MACD's slow EMA.</summary>
    public double KeepSlow => 1 - 2.0 / (MacdSlow + 1.0);

    public double AlphaSignal => 2.0 / (MacdSignal + 1.0);

    public double InvRsi => 1.0 / RsiPeriod;

    /// <summary>RSI ≺ bound as (bound − 100)·AG + bound·AL &gt; 0 (no division).</summary>
    public double RsiLowGainWeight => RsiLowBound - 100;

    /// <summary>RSI ≻ bound as (100 − bound)·AG − bound·AL &gt; 0.</summary>
    public double RsiHighGainWeight => 100 - RsiHighBound;

    public double NegRsiHighBound => -RsiHighBound;

    /// <summary>The RSI points when prices have not moved (AG + AL = 0, RSI = 50).</summary>
    public double FlatRsiPoints => FlatRsiSign * WRsi;

    /// <summary>How an RSI of 50 scores, whatever w_rsi: +1 when it is clearly below rsi_low, −1 above rsi_high, else 0.</summary>
    public int FlatRsiSign
    {
        get
        {
            if (RsiLow - 50 > RsiEpsilon) return 1;
            if (50 - RsiHigh > RsiEpsilon) return -1;
            return 0;
        }
    }
}
