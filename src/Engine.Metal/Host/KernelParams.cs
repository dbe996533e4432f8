using System.Runtime.InteropServices;
using Backtest.Engines;
using Backtest.Fused;
using Backtest.Simulation;
using Backtest.Strategy;

namespace Backtest.Metal.Host;

/// <summary>
/// One parameter set as the shader's <c>KernelParams</c>: the f32 constants derived in f64 and rounded
/// once, exactly as the SIMD engine's f32 kernel derives them (<see cref="KernelSettings"/>,
/// KernelConstants), and the money constants of spec §4 as double-floats.
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
    public static KernelParams From(StrategyParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        if (KernelSettings.PrecisionProblem(p, Precision.F32) is { } problem) throw new ArgumentException(problem, nameof(p));
        var settings = new KernelSettings { Parameters = p, Precision = Precision.F32 };
        long maxScore = settings.MaxAbsScore;

        // |score| ≤ maxScore, so clamping the bounds just past it keeps every comparison and fits an int.
        int Bound(double value) => (int)Math.Clamp(value, -(maxScore + 1), maxScore + 1);
        static uint Flag(bool value) => value ? 1u : 0u;
        static DoubleFloat D(double value) => DoubleFloat.From(value);

        return new KernelParams
        {
            Warmup = settings.Warmup,
            SmaFast = p.SmaFast,
            SmaSlow = p.SmaSlow,
            BbPeriod = p.BbPeriod,
            RsiPeriod = p.RsiPeriod,
            MacdFast = p.MacdFast,
            MacdSlow = p.MacdSlow,
            MacdSignal = p.MacdSignal,

            InvFast = (float)settings.InvFast,
            NegInvSlow = (float)settings.NegInvSlow,
            InvBands = (float)settings.InvBands,
            KeepFast = (float)settings.KeepFast,
            KeepSlow = (float)settings.KeepSlow,
            AlphaSignal = (float)settings.AlphaSignal,
            InvRsi = (float)settings.InvRsi,
            RsiLowBound = (float)settings.RsiLowBound,
            RsiLowGainWeight = (float)settings.RsiLowGainWeight,
            RsiHighGainWeight = (float)settings.RsiHighGainWeight,
            NegRsiHighBound = (float)settings.NegRsiHighBound,
            PriceEpsilon = (float)S3Score.PriceEpsilon,
            BandWidth = (float)p.BbK,

            WTrend = p.WTrend,
            WRsi = p.WRsi,
            WBb = p.WBb,
            WMacd = p.WMacd,
            FlatRsiPoints = (int)settings.FlatRsiPoints,
            EntryMinScore = Bound(settings.EntryMinScore),
            ExitMaxScore = Bound(settings.ExitMaxScore),
            MaxHoldBars = p.MaxHoldBars,

            FillAtClose = Flag(p.Fill == FillMode.Close),
            UseStop = Flag(settings.UseStop),
            UseTarget = Flag(settings.UseTarget),
            UseTime = Flag(settings.UseTime),
            FlatRsiScores = Flag(settings.FlatRsiPoints != 0),

            PositionSize = D(p.PositionSize),
            FeeFixed = D(p.FeeFixed),
            FeeRate = D(p.FeeBps / 10_000),
            BuyFactor = D(1 + p.SlippageBps / 10_000),
            SellFactor = D(1 - p.SlippageBps / 10_000),
            SizingDivisor = D(1 + p.FeeBps / 10_000),
            SizingEpsilon = D(OrderMath.SizingEpsilon),
            StopFactor = D(1 - p.StopLossPct / 100),
            TargetFactor = D(1 + p.TakeProfitPct / 100),

            JumpLimit = (float)KernelSettings.JumpLimit,
            LongestWindow = settings.LongestWindow,
        };
    }
}
