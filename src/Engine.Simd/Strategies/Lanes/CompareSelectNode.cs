using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// <c>a ≻ b ? x : y</c> with the comparison used nowhere else (S3's every point): the comparison's mask selects directly,
/// where a <see cref="CompareNode{TL, TV, T, TKind, TExact, TNa, TA, TB, TOut}"/> would make a bool 1/0 for a
/// <see cref="ConditionNode{TL, TV, T, TNa, TC, TA, TB, TOut}"/> to turn back into a mask. Dense operands only; the
/// comparison's own node is then left out of the composition.
/// </summary>
internal struct CompareSelectNode<TL, TV, T, TKind, TExact, TA, TB, TX, TY, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKind : IComparisonKind
    where TExact : struct
    where TA : ISlot
    where TB : ISlot
    where TX : ISlot
    where TY : ISlot
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV a = TA.Of(ref values), b = TB.Of(ref values);
        TOut.Of(ref values) = Comparison<TL, TV, T>.Select<TKind, TExact>(a, b, bar, TX.Of(ref values), TY.Of(ref values));
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
