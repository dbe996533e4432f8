using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backtest.Lanes;

/// <summary>
/// One lane in a plain <typeparamref name="T"/>: the scalar tail of a panel whose width is not a multiple
/// of the vector width, and the whole engine where no vector hardware is available. A mask is
/// <c>T.AllBitsSet</c> (a NaN) or zero, so the same bitwise Select as the vector forms applies.
/// </summary>
public readonly struct ScalarLane<T> : ISimdLanes<T, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Splat(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T a, T b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T a, T b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T a, T b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T a, T b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T a, T b, T c) => T.FusedMultiplyAdd(a, b, c);

    // Min/Max as the vector "native" forms compute them (x86 minps/maxps: the second operand when unordered).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Min(T a, T b) => a < b ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max(T a, T b) => a > b ? a : b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MaxMagnitude(T a, T b) => Max(T.Abs(a), T.Abs(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MinMagnitude(T a, T b) => Min(T.Abs(a), T.Abs(b));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GreaterThan(T a, T b) => a > b ? T.AllBitsSet : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T GreaterThanOrEqual(T a, T b) => a >= b ? T.AllBitsSet : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Equal(T a, T b) => a == b ? T.AllBitsSet : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T And(T a, T b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Or(T a, T b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T AndNot(T a, T b) => a & ~b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt(T a) => T.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Select(T mask, T whenTrue, T whenFalse) => (mask & whenTrue) | (~mask & whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SelectWhereGreater(T a, T b, T whenTrue, T whenFalse) => a > b ? whenTrue : whenFalse;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(T mask) => T.IsNaN(mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreaterThan(T a, T b) => a > b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(T mask) => T.IsNaN(mask) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T LoadMask(ref sbyte source) => source != 0 ? T.AllBitsSet : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMask(T mask, ref sbyte destination) => destination = T.IsNaN(mask) ? (sbyte)-1 : (sbyte)0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLowBytes(T value, ref sbyte destination) => destination = LaneBytes.LowByte(value);
}
