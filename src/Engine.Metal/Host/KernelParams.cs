using System.Runtime.InteropServices;
using Backtest.Engines;
using Backtest.Simulation;
using Backtest.Strategies.Reference;
using Backtest.Strategy;

namespace Backtest.Metal.Host;

/// <summary>
/// One parameter set as the shader's <c>KernelParams</c>: the f32 constants derived in f64 and rounded
/// once (<see cref="S3ShaderCoefficients"/>, with the f32 tolerances of <see cref="KernelRules"/>), and the money
/// constants of spec §4 as double-floats.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct KernelParams
{
    public int Warmup;
    public int SmaFast;
    public int SmaSlow;
    public int BbPeriod;
    public int RsiPeriod;
    public int MacdFast;
    public int MacdSlow;
    public int MacdSignal;

    public float InvFast;
    public float NegInvSlow;
    public float InvBands;
    public float KeepFast;
    public float KeepSlow;
    public float AlphaSignal;
    public float InvRsi;
    public float RsiLowBound;
    public float RsiLowGainWeight;
    public float RsiHighGainWeight;
    public float NegRsiHighBound;
    public float PriceEpsilon;
    public float BandWidth;

    public int WTrend;
    public int WRsi;
    public int WBb;
    public int WMacd;
    public int FlatRsiPoints;
    public int EntryMinScore;
    public int ExitMaxScore;
    public int MaxHoldBars;

    public uint FillAtClose;
    public uint UseStop;
    public uint UseTarget;
    public uint UseTime;
    public uint FlatRsiScores;

    public DoubleFloat PositionSize;
    public DoubleFloat FeeFixed;
    public DoubleFloat FeeRate;
    public DoubleFloat BuyFactor;
    public DoubleFloat SellFactor;
    public DoubleFloat SizingDivisor;
    public DoubleFloat SizingEpsilon;
    public DoubleFloat StopFactor;
    public DoubleFloat TargetFactor;

    public float JumpLimit;
    public int LongestWindow;

    /// <summary>Packs <paramref name="p"/>; the parameters must be valid (spec §3) with weights summing below 2^24.</summary>
    public static KernelParams From(S3Run run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (KernelRules.PrecisionProblem(run.Strategy.ParameterValues, Precision.F32) is { } problem) throw new ArgumentException(problem, nameof(run));
        var p = run.Execution;
        var settings = new AccountSettings(p);
        var orders = settings.Orders;
        var s3 = new S3ShaderCoefficients(run);
        // The weights are whole numbers below 2^24 here (the check above), so their sum is exact in a long.
        long maxScore = (long)KernelRules.S3MaxAbsScore(run.Strategy.ParameterValues);

        // |score| ≤ maxScore, so clamping the bounds just past it keeps every comparison and fits an int.
        int Bound(double value) => (int)Math.Clamp(value, -(maxScore + 1), maxScore + 1);
        static uint Flag(bool value) => value ? 1u : 0u;
        static DoubleFloat D(double value) => DoubleFloat.From(value);

        return new KernelParams
        {
            Warmup = run.Strategy.Graph.FirstDecisionBarIndex,
            SmaFast = s3.SmaFast,
            SmaSlow = s3.SmaSlow,
            BbPeriod = s3.BbPeriod,
            RsiPeriod = s3.RsiPeriod,
            MacdFast = s3.MacdFast,
            MacdSlow = s3.MacdSlow,
            MacdSignal = s3.MacdSignal,

            InvFast = (float)s3.InvFast,
            NegInvSlow = (float)s3.NegInvSlow,
            InvBands = (float)s3.InvBands,
            KeepFast = (float)s3.KeepFast,
            KeepSlow = (float)s3.KeepSlow,
            AlphaSignal = (float)s3.AlphaSignal,
            InvRsi = (float)s3.InvRsi,
            RsiLowBound = (float)s3.RsiLowBound,
            RsiLowGainWeight = (float)s3.RsiLowGainWeight,
            RsiHighGainWeight = (float)s3.RsiHighGainWeight,
            NegRsiHighBound = (float)s3.NegRsiHighBound,
            PriceEpsilon = (float)Comparison.RelativeEpsilon,
            BandWidth = (float)s3.BbK,

            WTrend = s3.WTrend,
            WRsi = s3.WRsi,
            WBb = s3.WBb,
            WMacd = s3.WMacd,
            FlatRsiPoints = (int)s3.FlatRsiPoints,
            EntryMinScore = Bound(s3.EntryMinScore),
            ExitMaxScore = Bound(s3.ExitMaxScore),
            MaxHoldBars = p.MaxHoldBars,

            FillAtClose = Flag(p.Fill == FillMode.Close),
            UseStop = Flag(settings.UseStop),
            UseTarget = Flag(settings.UseTarget),
            UseTime = Flag(settings.UseTime),
            FlatRsiScores = Flag(s3.FlatRsiPoints != 0),

            // The order rules' own factors (OrderMath), not a restatement of them.
            PositionSize = D(p.PositionSize),
            FeeFixed = D(orders.FeeFixed),
            FeeRate = D(orders.FeeRate),
            BuyFactor = D(orders.Buy),
            SellFactor = D(orders.Sell),
            SizingDivisor = D(orders.FeeFactor),
            SizingEpsilon = D(OrderMath.SizingEpsilon),
            StopFactor = D(orders.LongStop),
            TargetFactor = D(orders.LongTarget),

            JumpLimit = (float)KernelRules.JumpLimit,
            LongestWindow = s3.LongestWindow,
        };
    }
}
