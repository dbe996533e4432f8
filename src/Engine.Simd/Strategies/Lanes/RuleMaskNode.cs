using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// A rule that is a dense comparison read by nothing but the rules (<c>buy when score &gt; threshold</c>): written as
/// the mask the account walk reads (all bits set where it holds, <see cref="RuleMaskAt{TSlot}"/>) rather than a bool 1/0
/// the walk would compare back into one.
/// </summary>
internal struct RuleMaskNode<TL, TV, T, TKind, TExact, TA, TB, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKind : IComparisonKind
    where TExact : struct
    where TA : ISlot
    where TB : ISlot
    where TOut : ISlot
{
    public readonly void Open(NodeSetup<T> setup) { }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) =>
        TOut.Of(ref values) = Comparison<TL, TV, T>.Mask<TKind, TExact>(TA.Of(ref values), TB.Of(ref values), bar);

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
