using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

internal readonly struct NegateOp<TL, TV, T> : IUnaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, in LaneBar<TV, T> bar) => TL.Subtract(bar.Zero, a);
}

/// <summary>not of a bool 1/0: 1 − a (na stays na).</summary>
internal readonly struct NotOp<TL, TV, T> : IUnaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, in LaneBar<TV, T> bar) => TL.Subtract(bar.One, a);
}

internal readonly struct AbsOp<TL, TV, T> : IUnaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, in LaneBar<TV, T> bar) => TL.AndNot(a, bar.SignMask);
}

/// <summary>sqrt: IEEE gives NaN (na) for a negative operand.</summary>
internal readonly struct SqrtOp<TL, TV, T> : IUnaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, in LaneBar<TV, T> bar) => TL.Sqrt(a);
}

/// <summary>Natural log, na at or below 0.</summary>
internal readonly struct LogOp<TL, TV, T> : IUnaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, in LaneBar<TV, T> bar) =>
        TL.Select(TL.GreaterThan(a, bar.Zero), Transcendental<TV, T>.Log(a), bar.Na);
}

internal readonly struct ExpOp<TL, TV, T> : IUnaryOp<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Apply(TV a, in LaneBar<TV, T> bar) => Transcendental<TV, T>.Exp(a);
}

/// <summary>log and exp on every lane type, with the vector forms of System.Runtime.Intrinsics (no call in the walk).</summary>
internal static class Transcendental<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Log(TV a)
    {
        if (typeof(TV) == typeof(Vector512<double>)) return As(Vector512.Log(As<Vector512<double>>(a)));
        if (typeof(TV) == typeof(Vector512<float>)) return As(Vector512.Log(As<Vector512<float>>(a)));
        if (typeof(TV) == typeof(Vector256<double>)) return As(Vector256.Log(As<Vector256<double>>(a)));
        if (typeof(TV) == typeof(Vector256<float>)) return As(Vector256.Log(As<Vector256<float>>(a)));
        if (typeof(TV) == typeof(Vector128<double>)) return As(Vector128.Log(As<Vector128<double>>(a)));
        if (typeof(TV) == typeof(Vector128<float>)) return As(Vector128.Log(As<Vector128<float>>(a)));
        return As(T.Log(As<T>(a)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Exp(TV a)
    {
        if (typeof(TV) == typeof(Vector512<double>)) return As(Vector512.Exp(As<Vector512<double>>(a)));
        if (typeof(TV) == typeof(Vector512<float>)) return As(Vector512.Exp(As<Vector512<float>>(a)));
        if (typeof(TV) == typeof(Vector256<double>)) return As(Vector256.Exp(As<Vector256<double>>(a)));
        if (typeof(TV) == typeof(Vector256<float>)) return As(Vector256.Exp(As<Vector256<float>>(a)));
        if (typeof(TV) == typeof(Vector128<double>)) return As(Vector128.Exp(As<Vector128<double>>(a)));
        if (typeof(TV) == typeof(Vector128<float>)) return As(Vector128.Exp(As<Vector128<float>>(a)));
        return As(T.Exp(As<T>(a)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TTo As<TTo>(TV value) where TTo : struct => Unsafe.As<TV, TTo>(ref value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV As<TFrom>(TFrom value) where TFrom : struct => Unsafe.As<TFrom, TV>(ref value);
}
