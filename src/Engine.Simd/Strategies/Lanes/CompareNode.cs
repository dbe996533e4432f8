using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// A comparison node (strategies.md §4, <see cref="Comparison{TL, TV, T}"/>): a bool 1/0, na where an operand is (sparse
/// operands only).
/// </summary>
internal struct CompareNode<TL, TV, T, TKind, TExact, TNa, TA, TB, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKind : IComparisonKind
    where TExact : struct
    where TNa : INaPolicy
    where TA : ISlot
    where TB : ISlot
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV a = TA.Of(ref values), b = TB.Of(ref values);
        TV result = Comparison<TL, TV, T>.Select<TKind, TExact>(a, b, bar, bar.One, bar.Zero);
        // na where an operand is: NaN · 0 is NaN.
        TOut.Of(ref values) = typeof(TNa) == typeof(Sparse) ? TL.Add(result, TL.Multiply(TL.Subtract(a, b), bar.Zero)) : result;
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
