using System.Numerics;
using Backtest.Lanes;

namespace Backtest.Fused;

/// <summary>The run's parameters broadcast into vectors once per chunk, for the walk to copy into registers.</summary>
internal struct KernelConstants<TV>
    where TV : struct
{
    public TV Zero, One, AllSet;
    public TV NFast, NSlow, NBands, InvFast, NegInvSlow, InvBands, KeepFast, KeepSlow, AlphaSignal, InvRsi;
    public TV RsiLowBound, RsiLowGainWeight, RsiHighGainWeight, NegRsiHighBound, FlatRsiPoints, PriceEpsilon, BandWidth;

    public TV WTrend, WRsi, WBb, WMacd, NegTrend, NegRsi, NegBb, NegMacd;
    public TV EntryMin, ExitMax, BandsFlatAfter, SlowFlatAfter;

    /// <summary>A close that moves by more than this times the lower of the two closes is a jump (<see cref="KernelSettings.JumpLimit"/>).</summary>
    public TV JumpLimit;

    /// <summary>Money offset: 0 in f64 (absolute equity), the capital in f32 (equity kept relative to it).</summary>
    public TV Offset;

    public static KernelConstants<TV> From<TL, T>(in KernelSettings settings)
        where TL : struct, ISimdLanes<TV, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        static TV S(double value) => TL.Splat(T.CreateTruncating(value));
        var p = settings.Parameters;
        TV zero = TL.Splat(T.Zero);
        return new KernelConstants<TV>
        {
            Zero = zero,
            One = TL.Splat(T.One),
            AllSet = TL.Equal(zero, zero),
            NFast = S(p.SmaFast),
            NSlow = S(p.SmaSlow),
            NBands = S(p.BbPeriod),
            InvFast = S(settings.InvFast),
            NegInvSlow = S(settings.NegInvSlow),
            InvBands = S(settings.InvBands),
            KeepFast = S(settings.KeepFast),
            KeepSlow = S(settings.KeepSlow),
            AlphaSignal = S(settings.AlphaSignal),
            InvRsi = S(settings.InvRsi),
            RsiLowBound = S(settings.RsiLowBound),
            RsiLowGainWeight = S(settings.RsiLowGainWeight),
            RsiHighGainWeight = S(settings.RsiHighGainWeight),
            NegRsiHighBound = S(settings.NegRsiHighBound),
            FlatRsiPoints = S(settings.FlatRsiPoints),
            PriceEpsilon = S(Strategy.S3Score.PriceEpsilon),
            BandWidth = S(p.BbK),
            WTrend = S(p.WTrend),
            WRsi = S(p.WRsi),
            WBb = S(p.WBb),
            WMacd = S(p.WMacd),
            NegTrend = S(-p.WTrend),
            NegRsi = S(-p.WRsi),
            NegBb = S(-p.WBb),
            NegMacd = S(-p.WMacd),
            EntryMin = S(settings.EntryMinScore),
            ExitMax = S(settings.ExitMaxScore),
            BandsFlatAfter = S(p.BbPeriod - 1),
            SlowFlatAfter = S(p.SmaSlow - 1),
            JumpLimit = S(KernelSettings.JumpLimit),
            Offset = typeof(T) == typeof(double) ? zero : S(p.Capital),
        };
    }
}
