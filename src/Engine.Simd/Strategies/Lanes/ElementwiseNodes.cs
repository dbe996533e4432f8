using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>An op of one operand, lane by lane.</summary>
internal interface IUnaryOp<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract TV Apply(TV a, in LaneBar<TV, T> bar);
}

/// <summary>An op of two operands, lane by lane; comparisons read the bar's close for their ε.</summary>
internal interface IBinaryOp<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    static abstract TV Apply(TV a, TV b, in LaneBar<TV, T> bar);
}

/// <summary>A node of one operand: negate, not, abs, sqrt, log, exp.</summary>
internal struct UnaryNode<TL, TV, T, TOp, TA, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TOp : IUnaryOp<TV, T>
    where TA : ISlot
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => TOut.Of(ref values) = TOp.Apply(TA.Of(ref values), bar);

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>A node of two operands: arithmetic, min/max, and/or, nz, comparisons.</summary>
internal struct BinaryNode<TL, TV, T, TOp, TA, TB, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TOp : IBinaryOp<TV, T>
    where TA : ISlot
    where TB : ISlot
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) =>
        TOut.Of(ref values) = TOp.Apply(TA.Of(ref values), TB.Of(ref values), bar);

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>c ? a : b; na when any of the three is na (strategies.md §3), which only sparse operands need checked.</summary>
internal struct ConditionNode<TL, TV, T, TNa, TC, TA, TB, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNa : INaPolicy
    where TC : ISlot
    where TA : ISlot
    where TB : ISlot
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV chosen = TL.Select(TL.Equal(TC.Of(ref values), bar.One), TA.Of(ref values), TB.Of(ref values));
        TOut.Of(ref values) = typeof(TNa) == typeof(Sparse)
            ? TL.Add(chosen, TL.Multiply(TL.Add(TL.Add(TC.Of(ref values), TA.Of(ref values)), TB.Of(ref values)), bar.Zero))
            : chosen;
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
