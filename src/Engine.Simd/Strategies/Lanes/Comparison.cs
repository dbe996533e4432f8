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
/// A comparison is its test (a − b &gt; ε, b − a &gt; ε or |a − b| &gt; ε) and whether the kind is that test's negation
/// (&gt;=, &lt;=, ==), which only swaps the two values the test's blend picks from (a bool's 1 and 0, a select's x and y). One
/// method with few locals: every inlined call adds the JIT's locals for its arguments, and the JIT stops inlining into
/// a method past 512 locals, which a whole strategy in one walk reaches.
/// </remarks>
internal static class Comparison<TL, TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Per lane, <paramref name="whenHolds"/> where a kind b holds and <paramref name="otherwise"/> where it does not (na
    /// operands: where the test fails). The test is one compare whose mask register feeds the blend directly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Select<TKind, TExact>(TV a, TV b, in LaneBar<TV, T> bar, TV whenHolds, TV otherwise)
        where TKind : IComparisonKind
        where TExact : struct
    {
        TV epsilon = Epsilon<TExact>(a, b, bar);
        // The negated kinds (>=, <=, ==) hold where their test fails.
        TV whenTest = Negated<TKind>() ? otherwise : whenHolds, whenNot = Negated<TKind>() ? whenHolds : otherwise;
        // a > b: a − b > ε; b > a: b − a > ε; equality: |a − b| > ε is its negation. With ε = 0, a − b > 0 is a > b
        // (gradual underflow: distinct values never subtract to 0), compared directly.
        bool exact = typeof(TExact) == typeof(Exact);
        return typeof(TKind) == typeof(GreaterKind) || typeof(TKind) == typeof(LessOrEqualKind)
                ? (exact ? TL.SelectWhereGreater(a, b, whenTest, whenNot) : TL.SelectWhereGreater(TL.Subtract(a, b), epsilon, whenTest, whenNot))
            : typeof(TKind) == typeof(LessKind) || typeof(TKind) == typeof(GreaterOrEqualKind)
                ? (exact ? TL.SelectWhereGreater(b, a, whenTest, whenNot) : TL.SelectWhereGreater(TL.Subtract(b, a), epsilon, whenTest, whenNot))
            : TL.SelectWhereGreater(TL.AndNot(TL.Subtract(a, b), bar.SignMask), epsilon, whenTest, whenNot);
    }

    /// <summary>
    /// The mask of lanes where a kind b holds (false where an operand is na): for &gt;, &lt; and != their compare's mask
    /// itself, for the negated kinds a blend of all bits and zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Mask<TKind, TExact>(TV a, TV b, in LaneBar<TV, T> bar)
        where TKind : IComparisonKind
        where TExact : struct
    {
        if (Negated<TKind>()) return Select<TKind, TExact>(a, b, bar, TL.Splat(T.AllBitsSet), bar.Zero);
        TV epsilon = Epsilon<TExact>(a, b, bar);
        bool exact = typeof(TExact) == typeof(Exact);
        return typeof(TKind) == typeof(GreaterKind) ? (exact ? TL.GreaterThan(a, b) : TL.GreaterThan(TL.Subtract(a, b), epsilon))
            : typeof(TKind) == typeof(LessKind) ? (exact ? TL.GreaterThan(b, a) : TL.GreaterThan(TL.Subtract(b, a), epsilon))
            : TL.GreaterThan(TL.AndNot(TL.Subtract(a, b), bar.SignMask), epsilon);
    }

    /// <summary>ε of the comparison: tie·max(|a|, |b|, close[k]) for nums, 0 for exact ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Epsilon<TExact>(TV a, TV b, in LaneBar<TV, T> bar)
        where TExact : struct =>
        typeof(TExact) == typeof(Exact) ? bar.Zero : TL.Max(TL.Multiply(TL.MaxMagnitude(a, b), bar.Tie), bar.TieClose);

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
