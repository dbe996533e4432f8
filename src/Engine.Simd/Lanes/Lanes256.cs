using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backtest.Lanes;

/// <summary>256-bit vectors of lanes: <see cref="Vector256{T}.Count"/> symbols at a time.</summary>
public readonly struct Lanes256<T> : ISimdLanes<Vector256<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source) => Vector256.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Splat(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> a, Vector256<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> a, Vector256<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> a, Vector256<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> a, Vector256<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> a, Vector256<T> b, Vector256<T> c)
    {
        // FusedMultiplyAdd exists for float and double only; the branch folds away per instantiation.
        if (typeof(T) == typeof(float))
            return Vector256.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        return Vector256.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Min(Vector256<T> a, Vector256<T> b) => Vector256.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> a, Vector256<T> b) => Vector256.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MaxMagnitude(Vector256<T> a, Vector256<T> b) => Magnitude(a, b, LargerMagnitude);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MinMagnitude(Vector256<T> a, Vector256<T> b) => Magnitude(a, b, SmallerMagnitude);

    /// <summary>vrangepd/ps controls: the larger or the smaller magnitude, its sign cleared.</summary>
    private const byte LargerMagnitude = 0b1011, SmallerMagnitude = 0b1010;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> Magnitude(Vector256<T> a, Vector256<T> b, [ConstantExpected(Max = (byte)15)] byte control)
    {
        if (Avx512DQ.VL.IsSupported)
        {
            return typeof(T) == typeof(double)
                ? Avx512DQ.VL.Range(a.As<T, double>(), b.As<T, double>(), control).As<double, T>()
                : Avx512DQ.VL.Range(a.As<T, float>(), b.As<T, float>(), control).As<float, T>();
        }
        return control == LargerMagnitude ? Vector256.MaxNative(Vector256.Abs(a), Vector256.Abs(b)) : Vector256.MinNative(Vector256.Abs(a), Vector256.Abs(b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GreaterThan(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> GreaterThanOrEqual(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Equal(Vector256<T> a, Vector256<T> b) => Vector256.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> And(Vector256<T> a, Vector256<T> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Or(Vector256<T> a, Vector256<T> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> AndNot(Vector256<T> a, Vector256<T> b) => Vector256.AndNot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sqrt(Vector256<T> a) => Vector256.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Select(Vector256<T> mask, Vector256<T> whenTrue, Vector256<T> whenFalse) =>
        Vector256.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> SelectWhereGreater(Vector256<T> a, Vector256<T> b, Vector256<T> whenTrue, Vector256<T> whenFalse) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(a, b), whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector256<T> mask) => mask.ExtractMostSignificantBits() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreaterThan(Vector256<T> a, Vector256<T> b) => Vector256.GreaterThanAny(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(Vector256<T> mask) => mask.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> LoadMask(ref sbyte source)
    {
        var bytes = Vector128.LoadUnsafe(ref source);
        if (Avx2.IsSupported)
        {
            // vpmovsxbq / vpmovsxbd: the byte sign-extended into the whole lane.
            return typeof(T) == typeof(double)
                ? Avx2.ConvertToVector256Int64(bytes).As<long, T>()
                : Avx2.ConvertToVector256Int32(bytes).As<int, T>();
        }
        var shorts = Vector128.WidenLower(bytes);
        var ints = Vector256.Create(Vector128.WidenLower(shorts), Vector128.WidenUpper(shorts));
        return typeof(T) == typeof(double) ? Vector256.WidenLower(ints.GetLower().ToVector256()).As<long, T>() : ints.As<int, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMask(Vector256<T> mask, ref sbyte destination)
    {
        ulong bits = Bits(mask);
        for (int i = 0; i < Count; i++) Unsafe.Add(ref destination, i) = (sbyte)-(int)((bits >> i) & 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLowBytes(Vector256<T> value, ref sbyte destination)
    {
        for (int i = 0; i < Count; i++) Unsafe.Add(ref destination, i) = LaneBytes.LowByte(value.GetElement(i));
    }
}
