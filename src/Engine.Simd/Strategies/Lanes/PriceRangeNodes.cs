using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>True range: max(high − low, |high − close[1]|, |low − close[1]|); na at bar 0.</summary>
internal struct TrueRangeNode<TL, TV, T, THigh, TLow, TClose, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where THigh : ISlot
    where TLow : ISlot
    where TClose : ISlot
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        if (bar.K > 0) StepSteady(ref values, bar);
        else TOut.Of(ref values) = bar.Na;
    }

    /// <summary>close[1] is read from the panel: its inputs are the built-in series.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV previousClose = default(PanelHistory<TL, TV, T, CloseField>).At(bar.K - 1, bar);
        TV high = THigh.Of(ref values), low = TLow.Of(ref values);
        TV toHigh = TL.AndNot(TL.Subtract(high, previousClose), bar.SignMask);
        TV toLow = TL.AndNot(TL.Subtract(low, previousClose), bar.SignMask);
        TOut.Of(ref values) = TL.Max(TL.Subtract(high, low), TL.Max(toHigh, toLow));
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>Raw stochastic %K: 100·(close − lowest)/(highest − lowest), 0 where the range is exactly 0.</summary>
internal struct StochRawNode<TL, TV, T, TClose, THighest, TLowest, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TClose : ISlot
    where THighest : ISlot
    where TLowest : ISlot
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV lowest = TLowest.Of(ref values);
        TV range = TL.Subtract(THighest.Of(ref values), lowest);
        TV raw = TL.Divide(TL.Multiply(TL.Splat(T.CreateTruncating(100)), TL.Subtract(TClose.Of(ref values), lowest)), range);
        TOut.Of(ref values) = TL.Select(TL.Equal(range, bar.Zero), bar.Zero, raw);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>
/// CCI of the typical price tp over n bars: (tp − sma)/(0.015 · mean |tp_i − sma|), na where that mean deviation is
/// not clearly greater than 0 (a flat window). Both sums are taken from the window (a ring) at every bar.
/// </summary>
internal unsafe struct CciNode<TL, TV, T, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TIn : ISlot
    where TOut : ISlot
{
    private LaneRing<T> _ring;
    private int _n;
    private TV _invCount, _invScale;

    public void Open(NodeSetup<T> setup)
    {
        _n = setup.Node(TOut.Index).Period;
        _ring = setup.Ring(_n);
        _invCount = TL.Splat(T.CreateTruncating(1.0 / _n));
        _invScale = TL.Splat(T.CreateTruncating(1 / 0.015));
    }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        int k = bar.K;
        TV tp = TIn.Of(ref values);
        LaneMath<TL, TV, T>.Store(tp, _ring.Row(k));
        TV sum = bar.Zero;
        for (int j = 1; j < _n; j++) sum = TL.Add(sum, TL.Subtract(LaneMath<TL, TV, T>.Load(_ring.Row(k - j)), tp));
        TV offset = TL.Multiply(sum, _invCount); // sma − tp
        TV deviations = TL.AndNot(offset, bar.SignMask);
        for (int j = 1; j < _n; j++)
            deviations = TL.Add(deviations, TL.AndNot(TL.Subtract(TL.Subtract(LaneMath<TL, TV, T>.Load(_ring.Row(k - j)), tp), offset), bar.SignMask));
        TV meanDeviation = TL.Multiply(deviations, _invCount);
        TV cci = TL.Divide(TL.Multiply(TL.Subtract(bar.Zero, offset), _invScale), meanDeviation);
        TV defined = LaneMath<TL, TV, T>.ClearlyGreater(meanDeviation, bar.Zero, bar);
        TOut.Of(ref values) = TL.Select(defined, cci, bar.Na);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>On-balance volume: 0 at bar 0, then ± volume as close rises or falls (exact comparison).</summary>
internal struct ObvNode<TL, TV, T, TClose, TVolume, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TClose : ISlot
    where TVolume : ISlot
    where TOut : ISlot
{
    private TV _value;

    public void Open(NodeSetup<T> setup)
    {
        _value = LaneMath<TL, TV, T>.Zero;
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        if (bar.K > 0) StepSteady(ref values, bar);
        else TOut.Of(ref values) = _value;
    }

    /// <summary>close[1] is read from the panel: the input is the built-in close.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV close = TClose.Of(ref values), volume = TVolume.Of(ref values);
        TV previousClose = default(PanelHistory<TL, TV, T, CloseField>).At(bar.K - 1, bar);
        TV signed = TL.Select(TL.GreaterThan(close, previousClose), volume,
            TL.Select(TL.GreaterThan(previousClose, close), TL.Subtract(bar.Zero, volume), bar.Zero));
        TV value = TL.Add(_value, signed);
        _value = value;
        TOut.Of(ref values) = value;
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
