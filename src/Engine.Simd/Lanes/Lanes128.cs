using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backtest.Lanes;

/// <summary>128-bit vectors of lanes: <see cref="Vector128{T}.Count"/> symbols at a time.</summary>
public readonly struct Lanes128<T> : ISimdLanes<Vector128<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Splat(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> a, Vector128<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> a, Vector128<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> a, Vector128<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> a, Vector128<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> a, Vector128<T> b, Vector128<T> c)
    {
        // FusedMultiplyAdd exists for float and double only; the branch folds away per instantiation.
        if (typeof(T) == typeof(float))
            return Vector128.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        return Vector128.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Min(Vector128<T> a, Vector128<T> b) => Vector128.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> a, Vector128<T> b) => Vector128.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MaxMagnitude(Vector128<T> a, Vector128<T> b) => Magnitude(a, b, LargerMagnitude);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MinMagnitude(Vector128<T> a, Vector128<T> b) => Magnitude(a, b, SmallerMagnitude);

    /// <summary>vrangepd/ps controls: the larger or the smaller magnitude, its sign cleared.</summary>
    private const byte LargerMagnitude = 0b1011, SmallerMagnitude = 0b1010;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<T> Magnitude(Vector128<T> a, Vector128<T> b, [ConstantExpected(Max = (byte)15)] byte control)
    {
        if (Avx512DQ.VL.IsSupported)
        {
            return typeof(T) == typeof(double)
                ? Avx512DQ.VL.Range(a.As<T, double>(), b.As<T, double>(), control).As<double, T>()
                : Avx512DQ.VL.Range(a.As<T, float>(), b.As<T, float>(), control).As<float, T>();
        }
        return control == LargerMagnitude ? Vector128.MaxNative(Vector128.Abs(a), Vector128.Abs(b)) : Vector128.MinNative(Vector128.Abs(a), Vector128.Abs(b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GreaterThan(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> GreaterThanOrEqual(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Equal(Vector128<T> a, Vector128<T> b) => Vector128.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> And(Vector128<T> a, Vector128<T> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Or(Vector128<T> a, Vector128<T> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> AndNot(Vector128<T> a, Vector128<T> b) => Vector128.AndNot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sqrt(Vector128<T> a) => Vector128.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Select(Vector128<T> mask, Vector128<T> whenTrue, Vector128<T> whenFalse) =>
        Vector128.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> SelectWhereGreater(Vector128<T> a, Vector128<T> b, Vector128<T> whenTrue, Vector128<T> whenFalse) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(a, b), whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector128<T> mask) => mask.ExtractMostSignificantBits() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreaterThan(Vector128<T> a, Vector128<T> b) => Vector128.GreaterThanAny(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(Vector128<T> mask) => mask.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> LoadMask(ref sbyte source)
    {
        // Sign-extending widenings (pmovsx on x64, sxtl on Arm): byte to short to int (to long).
        var ints = Vector128.WidenLower(Vector128.WidenLower(Vector128.LoadUnsafe(ref source)));
        return typeof(T) == typeof(double) ? Vector128.WidenLower(ints).As<long, T>() : ints.As<int, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMask(Vector128<T> mask, ref sbyte destination)
    {
        ulong bits = Bits(mask);
        for (int i = 0; i < Count; i++) Unsafe.Add(ref destination, i) = (sbyte)-(int)((bits >> i) & 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLowBytes(Vector128<T> value, ref sbyte destination)
    {
        for (int i = 0; i < Count; i++) Unsafe.Add(ref destination, i) = LaneBytes.LowByte(value.GetElement(i));
    }
}
