using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// A bool node read from the row another combination's walk recorded on the same tile (<see cref="NodeSharing"/>):
/// one byte per lane per bar (<see cref="BoolRecord"/>), rows the panel's stride apart, read back bit for bit as the
/// value the node would have computed. A dense node (<typeparamref name="TNa"/>) is never na once the walk is steady,
/// so its steady form is one load and one and.
/// </summary>
internal unsafe struct RecordedBoolNode<TL, TV, T, TNa, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNa : INaPolicy
    where TOut : ISlot
{
    private sbyte* _rows;

    public void Open(NodeSetup<T> setup)
    {
        _rows = setup.Record(TOut.Index);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) =>
        TOut.Of(ref values) = BoolRecord.Read<TL, TV, T>(_rows + bar.K * bar.Stride, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) =>
        TOut.Of(ref values) = typeof(TNa) == typeof(Dense)
            ? BoolRecord.ReadDense<TL, TV, T>(_rows + bar.K * bar.Stride, bar)
            : BoolRecord.Read<TL, TV, T>(_rows + bar.K * bar.Stride, bar);

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>
/// <c>c ? x : y</c> of dense operands whose condition <c>c</c> is a recorded dense bool used nowhere else: the record's
/// steady bytes are masks (0 or −1) and select directly, where a <see cref="RecordedBoolNode{TL, TV, T, TNa, TOut}"/>
/// would make a 1/0 for a <see cref="ConditionNode{TL, TV, T, TNa, TC, TA, TB, TOut}"/> to turn back into a mask. The
/// condition's own node is then left out of the composition.
/// </summary>
internal unsafe struct RecordedSelectNode<TL, TV, T, TX, TY, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TX : ISlot
    where TY : ISlot
    where TOut : ISlot
{
    private sbyte* _rows;

    public void Open(NodeSetup<T> setup)
    {
        _rows = setup.Record(setup.Node(TOut.Index).In0);
    }

    /// <summary>Before the condition's first bar its record may hold na, which selects y as the condition node's Equal(c, 1) does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) =>
        TOut.Of(ref values) = TL.Select(TL.Equal(BoolRecord.Read<TL, TV, T>(_rows + bar.K * bar.Stride, bar), bar.One), TX.Of(ref values), TY.Of(ref values));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) =>
        TOut.Of(ref values) = TL.Select(BoolRecord.Mask<TL, TV, T>(_rows + bar.K * bar.Stride), TX.Of(ref values), TY.Of(ref values));

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>
/// The byte a recorded bool value is kept as: −1 true, 0 false, 1 na. Loaded sign-extended (<see cref="ISimdLanes{TV, T}.LoadMask"/>),
/// true is all bits set (a mask), false zero and na the smallest subnormal (<c>T.Epsilon</c>), told apart by one compare.
/// </summary>
internal static unsafe class BoolRecord
{
    /// <summary>Each lane's code in its lowest byte (<see cref="ISimdLanes{TV, T}.StoreLowBytes"/> keeps it): a true lane is all bits set, na <c>T.Epsilon</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Code<TL, TV, T>(TV value, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        TL.Or(TL.Equal(value, bar.One), TL.AndNot(TL.Splat(T.Epsilon), TL.Equal(value, value)));

    /// <summary>0, 1 or na, from any record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Read<TL, TV, T>(sbyte* row, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (typeof(TV) == typeof(T))
        {
            // The scalar lane (a tail) reads its one byte as it is.
            T value = *row == -1 ? T.One : *row == 0 ? T.Zero : T.NaN;
            return Unsafe.As<T, TV>(ref value);
        }
        TV coded = TL.LoadMask(ref *row);
        return TL.Select(TL.Equal(coded, TL.Splat(T.Epsilon)), bar.Na, TL.And(coded, bar.One));
    }

    /// <summary>0 or 1, from a record that holds no na here (a dense node past its first bar).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ReadDense<TL, TV, T>(sbyte* row, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        TL.And(TL.LoadMask(ref *row), bar.One);

    /// <summary>The mask of true lanes, from a record that holds no na here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Mask<TL, TV, T>(sbyte* row)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        TL.LoadMask(ref *row);
}
