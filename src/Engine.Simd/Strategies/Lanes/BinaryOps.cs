using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

internal readonly struct AddOp<TL, TV, T> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) => TL.Add(a, b);
}

internal readonly struct SubtractOp<TL, TV, T> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) => TL.Subtract(a, b);
}

internal readonly struct MultiplyOp<TL, TV, T> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) => TL.Multiply(a, b);
}

/// <summary>a / b, na where b is 0.</summary>
internal readonly struct DivideOp<TL, TV, T> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) =>
        TL.Select(TL.Equal(b, bar.Zero), bar.Na, TL.Divide(a, b));
}

/// <summary>min: the hardware's min gives its second operand where one is NaN, so sparse operands add their na.</summary>
internal readonly struct MinOp<TL, TV, T, TNa> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNa : INaPolicy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) =>
        (typeof(TNa) == typeof(Sparse)) ? TL.Add(TL.Min(a, b), LaneMath<TL, TV, T>.NaOf(TL.Subtract(a, b), bar)) : TL.Min(a, b);
}

internal readonly struct MaxOp<TL, TV, T, TNa> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNa : INaPolicy
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) =>
        (typeof(TNa) == typeof(Sparse)) ? TL.Add(TL.Max(a, b), LaneMath<TL, TV, T>.NaOf(TL.Subtract(a, b), bar)) : TL.Max(a, b);
}

/// <summary>and of bools 1/0: the product (na propagates).</summary>
internal readonly struct AndOp<TL, TV, T> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) => TL.Multiply(a, b);
}

/// <summary>or of bools 1/0: a + b − a·b (na propagates).</summary>
internal readonly struct OrOp<TL, TV, T> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) => TL.Subtract(TL.Add(a, b), TL.Multiply(a, b));
}

/// <summary>nz(x, v): v where x is na.</summary>
internal readonly struct NzOp<TL, TV, T> : IBinaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, TV b, in LaneBar<TV, T> bar) => TL.Select(LaneMath<TL, TV, T>.Defined(a), a, b);
}
