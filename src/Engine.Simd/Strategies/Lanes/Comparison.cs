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
/// (&gt;=, &lt;=, ==), which only swaps the two values the test's blend picks from (a bool's 1 and 0, a select's x and y).
/// The test is written once, as its two sides (<c>TestLeft &gt; TestRight</c>), for the blend and for a rule's mask alike;
/// each side is a few type tests the importer folds, with few locals: every inlined call adds the JIT's locals for its
/// arguments, and the JIT stops inlining into a method past 512 locals, which a whole strategy in one walk reaches.
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
        where TExact : struct =>
        // The negated kinds (>=, <=, ==) hold where their test fails.
        Negated<TKind>()
            ? TL.SelectWhereGreater(TestLeft<TKind, TExact>(a, b, bar), TestRight<TKind, TExact>(a, b, bar), otherwise, whenHolds)
            : TL.SelectWhereGreater(TestLeft<TKind, TExact>(a, b, bar), TestRight<TKind, TExact>(a, b, bar), whenHolds, otherwise);

    /// <summary>
    /// The mask of lanes where a kind b holds (false where an operand is na): for &gt;, &lt; and != their compare's mask
    /// itself, for the negated kinds a blend of all bits and zero.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Mask<TKind, TExact>(TV a, TV b, in LaneBar<TV, T> bar)
        where TKind : IComparisonKind
        where TExact : struct =>
        Negated<TKind>()
            ? Select<TKind, TExact>(a, b, bar, TL.Splat(T.AllBitsSet), bar.Zero)
            : TL.GreaterThan(TestLeft<TKind, TExact>(a, b, bar), TestRight<TKind, TExact>(a, b, bar));

    /// <summary>
    /// The left side of the kind's test, which holds where it is greater than the right side (<see cref="TestRight"/>):
    /// a &gt; b is a − b &gt; ε, b &gt; a is b − a &gt; ε, equality is |a − b| &gt; ε negated. With ε = 0, a − b &gt; 0 is
    /// a &gt; b (gradual underflow: distinct values never subtract to 0), compared directly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TestLeft<TKind, TExact>(TV a, TV b, in LaneBar<TV, T> bar)
        where TKind : IComparisonKind
        where TExact : struct
    {
        bool exact = typeof(TExact) == typeof(Exact);
        return typeof(TKind) == typeof(GreaterKind) || typeof(TKind) == typeof(LessOrEqualKind) ? (exact ? a : TL.Subtract(a, b))
            : typeof(TKind) == typeof(LessKind) || typeof(TKind) == typeof(GreaterOrEqualKind) ? (exact ? b : TL.Subtract(b, a))
            : TL.AndNot(TL.Subtract(a, b), bar.SignMask);
    }

    /// <summary>The right side of the kind's test: ε = tie·max(|a|, |b|, close[k]) for nums; for exact ones the other operand, or 0 for equality.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV TestRight<TKind, TExact>(TV a, TV b, in LaneBar<TV, T> bar)
        where TKind : IComparisonKind
        where TExact : struct
    {
        if (typeof(TExact) != typeof(Exact)) return TL.Max(TL.Multiply(TL.MaxMagnitude(a, b), bar.Tie), bar.TieClose);
        return typeof(TKind) == typeof(GreaterKind) || typeof(TKind) == typeof(LessOrEqualKind) ? b
            : typeof(TKind) == typeof(LessKind) || typeof(TKind) == typeof(GreaterOrEqualKind) ? a
            : bar.Zero;
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
