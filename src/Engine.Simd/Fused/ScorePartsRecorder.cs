using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Fused;

/// <summary>
/// The probe that keeps a run's score comparisons for other parameter sets to reuse: each part a set shares
/// with others (the same SMA periods and warm-up, say) is computed by one fused pass and walked by the rest
/// (<see cref="FusedKernel{TL, TV, T}.RunOnParts"/>). A null destination is a part not kept. The masks are
/// the comparisons as the kernel makes them, before any weight: they are the same for every set that
/// shares the part's parameters, whatever its weights and threshold.
/// </summary>
internal unsafe struct ScorePartsRecorder<TL, TV, T> : IIndicatorProbe<TV>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly ScorePartsInput _destination;
    private readonly nint _stride;
    private readonly TV _flatUp, _flatDown;

    /// <param name="destination">Where each part goes, at the chunk's first lane; null pointers for parts not kept.</param>
    /// <param name="stride">Bytes from one bar's row to the next (the panel's stride).</param>
    /// <param name="flatRsiSign">How an RSI of 50 scores (<see cref="KernelSettings.FlatRsiSign"/>).</param>
    public ScorePartsRecorder(in ScorePartsInput destination, nint stride, int flatRsiSign)
    {
        _destination = destination;
        _stride = stride;
        TV none = TL.Splat(T.Zero), all = TL.Equal(none, none);
        _flatUp = flatRsiSign > 0 ? all : none;
        _flatDown = flatRsiSign < 0 ? all : none;
    }

    public readonly void Record(int k, TV close, TV smaFast, TV smaSlow, TV bandMiddle, TV bandHalfWidth, TV avgGain, TV avgLoss, TV macd, TV signal)
    {
    }

    // Inlined: a call in the walk's loop would put every vector it keeps in registers on the stack.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void RecordParts(int k, TV trendUp, TV oversold, TV overbought, TV flatRsi, TV belowBands, TV aboveBands, TV macdUp)
    {
        nint at = k * _stride;
        var d = _destination;
        if (d.TrendUp != null) TL.StoreMask(trendUp, ref d.TrendUp[at]);
        if (d.RsiUp != null)
        {
            // The kernel's points: oversold +w, else overbought −w, else 0; a flat RSI as 50 scores.
            TL.StoreMask(TL.Select(flatRsi, _flatUp, oversold), ref d.RsiUp[at]);
            TL.StoreMask(TL.Select(flatRsi, _flatDown, TL.AndNot(overbought, oversold)), ref d.RsiDown[at]);
        }
        if (d.BandsUp != null)
        {
            TL.StoreMask(belowBands, ref d.BandsUp[at]);
            TL.StoreMask(TL.AndNot(aboveBands, belowBands), ref d.BandsDown[at]);
        }
        if (d.MacdUp != null) TL.StoreMask(macdUp, ref d.MacdUp[at]);
    }
}
