using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// A comparison node (strategies.md §4), written flat: a &gt; b is a − b &gt; ε, a &lt; b is b − a &gt; ε, &gt;= and &lt;= their
/// negations, == neither; ε = tie·max(|a|, |b|, close[k]) for nums (<typeparamref name="TExact"/> false), 0 for two
/// ints or two bools. The result is a bool 1/0, na where an operand is (sparse operands only).
/// </summary>
/// <remarks>
/// One method with few locals rather than a chain of small ones: every inlined call adds the JIT's locals for its
/// arguments, and the JIT stops inlining into a method past 512 locals, which a whole strategy in one walk reaches.
/// </remarks>
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
        TV d = TL.Subtract(a, b);
        TV epsilon = typeof(TExact) == typeof(Exact)
            ? bar.Zero
            : TL.Max(TL.Multiply(TL.Max(TL.AndNot(a, bar.SignMask), TL.AndNot(b, bar.SignMask)), bar.Tie), bar.TieClose);
        // a > b: d > ε; b > a: −d > ε, i.e. d < −ε, tested as −ε > d.
        TV result;
        if (typeof(TKind) == typeof(GreaterKind)) result = TL.And(TL.GreaterThan(d, epsilon), bar.One);
        else if (typeof(TKind) == typeof(LessKind)) result = TL.And(TL.GreaterThan(TL.Subtract(bar.Zero, epsilon), d), bar.One);
        else if (typeof(TKind) == typeof(GreaterOrEqualKind)) result = TL.AndNot(bar.One, TL.GreaterThan(TL.Subtract(bar.Zero, epsilon), d));
        else if (typeof(TKind) == typeof(LessOrEqualKind)) result = TL.AndNot(bar.One, TL.GreaterThan(d, epsilon));
        else if (typeof(TKind) == typeof(EqualKind)) result = TL.AndNot(bar.One, TL.GreaterThan(TL.AndNot(d, bar.SignMask), epsilon));
        else result = TL.And(TL.GreaterThan(TL.AndNot(d, bar.SignMask), epsilon), bar.One);
        TOut.Of(ref values) = typeof(TNa) == typeof(Sparse) ? TL.Add(result, TL.Multiply(d, bar.Zero)) : result;
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>Comparisons of two ints or two bools: exact (ε = 0).</summary>
internal readonly struct Exact;

/// <summary>Comparisons of nums: "clearly greater" (strategies.md §4).</summary>
internal readonly struct Clearly;
