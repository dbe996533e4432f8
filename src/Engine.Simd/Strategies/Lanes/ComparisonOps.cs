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
        TV one = LaneMath<TL, TV, T>.One;
        TV result;
        if (typeof(TKind) == typeof(GreaterKind)) result = TL.And(TGreater.Greater(a, b, bar), one);
        else if (typeof(TKind) == typeof(LessKind)) result = TL.And(TGreater.Greater(b, a, bar), one);
        else if (typeof(TKind) == typeof(GreaterOrEqualKind)) result = TL.AndNot(one, TGreater.Greater(b, a, bar));
        else if (typeof(TKind) == typeof(LessOrEqualKind)) result = TL.AndNot(one, TGreater.Greater(a, b, bar));
        else if (typeof(TKind) == typeof(EqualKind)) result = TL.AndNot(one, TL.Or(TGreater.Greater(a, b, bar), TGreater.Greater(b, a, bar)));
        else result = TL.And(TL.Or(TGreater.Greater(a, b, bar), TGreater.Greater(b, a, bar)), one);
        return (typeof(TNa) == typeof(Sparse)) ? TL.Add(result, LaneMath<TL, TV, T>.NaOf(TL.Subtract(a, b))) : result;
    }
}

/// <summary>Which comparison, as a type, so the switch folds away.</summary>
internal interface IComparisonKind
{
    static abstract Graph.NodeOp Op { get; }
}

internal readonly struct GreaterKind : IComparisonKind
{
    public static Graph.NodeOp Op => Graph.NodeOp.Greater;
}

internal readonly struct LessKind : IComparisonKind
{
    public static Graph.NodeOp Op => Graph.NodeOp.Less;
}

internal readonly struct GreaterOrEqualKind : IComparisonKind
{
    public static Graph.NodeOp Op => Graph.NodeOp.GreaterOrEqual;
}

internal readonly struct LessOrEqualKind : IComparisonKind
{
    public static Graph.NodeOp Op => Graph.NodeOp.LessOrEqual;
}

internal readonly struct EqualKind : IComparisonKind
{
    public static Graph.NodeOp Op => Graph.NodeOp.Equal;
}

internal readonly struct NotEqualKind : IComparisonKind
{
    public static Graph.NodeOp Op => Graph.NodeOp.NotEqual;
}
