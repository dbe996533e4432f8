using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// The comparison rule of strategies.md §4, written flat, once for every node that compares: a &gt; b is a − b &gt; ε,
/// a &lt; b is b − a &gt; ε, &gt;= and &lt;= their negations, == neither; ε = tie·max(|a|, |b|, close[k]) for nums
/// (<typeparamref name="TExact"/> <see cref="Clearly"/>), 0 for two ints or two bools (<see cref="Exact"/>).
/// </summary>
/// <remarks>
/// A comparison is its test (a mask: d &gt; ε, −ε &gt; d or |d| &gt; ε) and whether the kind is that test's negation
/// (&gt;=, &lt;=, ==), which the caller folds into what it makes of the mask: a bool, a select, a rule's mask. One
/// method with few locals: every inlined call adds the JIT's locals for its arguments, and the JIT stops inlining into
/// a method past 512 locals, which a whole strategy in one walk reaches.
/// </remarks>
internal static class Comparison<TL, TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The mask of the kind's test on d = a − b (false where an operand is na).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Test<TKind, TExact>(TV a, TV b, TV d, in LaneBar<TV, T> bar)
        where TKind : IComparisonKind
        where TExact : struct
    {
        TV epsilon = typeof(TExact) == typeof(Exact)
            ? bar.Zero
            : TL.Max(TL.Multiply(TL.Max(TL.AndNot(a, bar.SignMask), TL.AndNot(b, bar.SignMask)), bar.Tie), bar.TieClose);
        // a > b: d > ε; b > a: −d > ε, i.e. d < −ε, tested as −ε > d; equality: |d| > ε is its negation.
        return typeof(TKind) == typeof(GreaterKind) || typeof(TKind) == typeof(LessOrEqualKind) ? TL.GreaterThan(d, epsilon)
            : typeof(TKind) == typeof(LessKind) || typeof(TKind) == typeof(GreaterOrEqualKind) ? TL.GreaterThan(TL.Subtract(bar.Zero, epsilon), d)
            : TL.GreaterThan(TL.AndNot(d, bar.SignMask), epsilon);
    }

    /// <summary>Whether the kind holds where its test does not (&gt;=, &lt;=, ==).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Negated<TKind>()
        where TKind : IComparisonKind =>
        typeof(TKind) == typeof(GreaterOrEqualKind) || typeof(TKind) == typeof(LessOrEqualKind) || typeof(TKind) == typeof(EqualKind);
}

/// <summary>Comparisons of two ints or two bools: exact (ε = 0).</summary>
internal readonly struct Exact;

/// <summary>Comparisons of nums: "clearly greater" (strategies.md §4).</summary>
internal readonly struct Clearly;
