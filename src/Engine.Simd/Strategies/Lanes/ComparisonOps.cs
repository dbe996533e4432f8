using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>The "greater" a comparison is built on: exact for two ints or two bools, "clearly greater" for nums (strategies.md §4).</summary>
internal interface IGreater<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>A mask of the lanes where a > b.</summary>
    static abstract TV Greater(TV a, TV b, in LaneBar<TV, T> bar);
}

internal readonly struct ExactGreater<TL, TV, T> : IGreater<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Greater(TV a, TV b, in LaneBar<TV, T> bar) => TL.GreaterThan(a, b);
}

internal readonly struct ClearlyGreater<TL, TV, T> : IGreater<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Greater(TV a, TV b, in LaneBar<TV, T> bar) => LaneMath<TL, TV, T>.ClearlyGreater(a, b, bar);
}

/// <summary>
/// The six comparisons from one "greater" (strategies.md §4): a &lt; b is b > a, a &gt;= b is not (b > a), a == b is
/// neither. The result is a bool 1/0, na where an operand is (sparse operands only).
/// </summary>
/// <remarks>Each comparison is its own small type: the JIT's inlining budget counts a method's whole IL, dead branches included.</remarks>
internal readonly struct CompareOp<TL, TV, T, TGreater, TKind, TNa> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TGreater : IGreater<TV, T>
    where TKind : IComparisonKind
    where TNa : INaPolicy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar)
    {
        TV result = TKind.Compare<TL, TV, T, TGreater>(a, b, bar);
        return typeof(TNa) == typeof(Sparse) ? TL.Add(result, LaneMath<TL, TV, T>.NaOf(TL.Subtract(a, b), bar)) : result;
    }
}

/// <summary>Which comparison, as a type: its bool 1/0 from a "greater".</summary>
internal interface IComparisonKind
{
    static abstract TV Compare<TL, TV, T, TGreater>(TV a, TV b, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGreater : IGreater<TV, T>;
}

internal readonly struct GreaterKind : IComparisonKind
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Compare<TL, TV, T, TGreater>(TV a, TV b, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGreater : IGreater<TV, T> => TL.And(TGreater.Greater(a, b, bar), bar.One);
}

internal readonly struct LessKind : IComparisonKind
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Compare<TL, TV, T, TGreater>(TV a, TV b, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGreater : IGreater<TV, T> => TL.And(TGreater.Greater(b, a, bar), bar.One);
}

internal readonly struct GreaterOrEqualKind : IComparisonKind
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Compare<TL, TV, T, TGreater>(TV a, TV b, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGreater : IGreater<TV, T> => TL.AndNot(bar.One, TGreater.Greater(b, a, bar));
}

internal readonly struct LessOrEqualKind : IComparisonKind
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Compare<TL, TV, T, TGreater>(TV a, TV b, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGreater : IGreater<TV, T> => TL.AndNot(bar.One, TGreater.Greater(a, b, bar));
}

internal readonly struct EqualKind : IComparisonKind
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Compare<TL, TV, T, TGreater>(TV a, TV b, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGreater : IGreater<TV, T> => TL.AndNot(bar.One, TL.Or(TGreater.Greater(a, b, bar), TGreater.Greater(b, a, bar)));
}

internal readonly struct NotEqualKind : IComparisonKind
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Compare<TL, TV, T, TGreater>(TV a, TV b, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TGreater : IGreater<TV, T> => TL.And(TL.Or(TGreater.Greater(a, b, bar), TGreater.Greater(b, a, bar)), bar.One);
}
