using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>A panel field that a built-in series reads.</summary>
internal unsafe interface IPriceField
{
    static abstract T* Row<TV, T>(in LaneBar<TV, T> bar) where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T>;

    /// <summary>Prices are stored times the lane's scale in f32; volume is not.</summary>
    static abstract bool Scaled { get; }
}

internal readonly unsafe struct OpenField : IPriceField
{
    public static T* Row<TV, T>(in LaneBar<TV, T> bar) where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T> => bar.OpenRow;

    public static bool Scaled => true;
}

internal readonly unsafe struct HighField : IPriceField
{
    public static T* Row<TV, T>(in LaneBar<TV, T> bar) where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T> => bar.HighRow;

    public static bool Scaled => true;
}

internal readonly unsafe struct LowField : IPriceField
{
    public static T* Row<TV, T>(in LaneBar<TV, T> bar) where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T> => bar.LowRow;

    public static bool Scaled => true;
}

internal readonly unsafe struct VolumeField : IPriceField
{
    public static T* Row<TV, T>(in LaneBar<TV, T> bar) where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T> => bar.VolumeRow;

    public static bool Scaled => false;
}

/// <summary>open, high, low or volume at this bar, in price units.</summary>
internal struct FieldNode<TL, TV, T, TField, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TField : IPriceField
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV raw = TL.Load(ref *TField.Row(bar));
        TOut.Of(ref values) = typeof(T) == typeof(double) || typeof(TField) == typeof(VolumeField) ? raw : TL.Multiply(raw, bar.InvScale);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>close at this bar (the walk has read it already).</summary>
internal struct CloseNode<TL, TV, T, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => TOut.Of(ref values) = bar.Close;

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>bar: k in every lane.</summary>
internal struct BarNode<TL, TV, T, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => TOut.Of(ref values) = bar.Bar;

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>A literal or parameter, splat once per chunk.</summary>
internal struct ConstantNode<TL, TV, T, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TOut : ISlot
{
    private TV _value;

    public void Open(NodeSetup<T> setup) => _value = TL.Splat(T.CreateTruncating(setup.Node(TOut.Index).Value));

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => TOut.Of(ref values) = _value;

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
