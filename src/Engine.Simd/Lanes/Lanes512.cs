using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Backtest.Lanes;

/// <summary>512-bit vectors of lanes: <see cref="Vector512{T}.Count"/> symbols at a time.</summary>
public readonly struct Lanes512<T> : ISimdLanes<Vector512<T>, T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source) => Vector512.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Splat(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> a, Vector512<T> b, Vector512<T> c)
    {
        // FusedMultiplyAdd exists for float and double only; the branch folds away per instantiation.
        if (typeof(T) == typeof(float))
            return Vector512.FusedMultiplyAdd(a.As<T, float>(), b.As<T, float>(), c.As<T, float>()).As<float, T>();
        return Vector512.FusedMultiplyAdd(a.As<T, double>(), b.As<T, double>(), c.As<T, double>()).As<double, T>();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Min(Vector512<T> a, Vector512<T> b) => Vector512.MinNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> a, Vector512<T> b) => Vector512.MaxNative(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MaxMagnitude(Vector512<T> a, Vector512<T> b) => Magnitude(a, b, LargerMagnitude);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MinMagnitude(Vector512<T> a, Vector512<T> b) => Magnitude(a, b, SmallerMagnitude);

    /// <summary>vrangepd/ps controls: the larger or the smaller magnitude, its sign cleared.</summary>
    private const byte LargerMagnitude = 0b1011, SmallerMagnitude = 0b1010;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> Magnitude(Vector512<T> a, Vector512<T> b, [ConstantExpected(Max = (byte)15)] byte control)
    {
        if (Avx512DQ.IsSupported)
        {
            return typeof(T) == typeof(double)
                ? Avx512DQ.Range(a.As<T, double>(), b.As<T, double>(), control).As<double, T>()
                : Avx512DQ.Range(a.As<T, float>(), b.As<T, float>(), control).As<float, T>();
        }
        return control == LargerMagnitude ? Vector512.MaxNative(Vector512.Abs(a), Vector512.Abs(b)) : Vector512.MinNative(Vector512.Abs(a), Vector512.Abs(b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterThan(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThan(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> GreaterThanOrEqual(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThanOrEqual(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Equal(Vector512<T> a, Vector512<T> b) => Vector512.Equals(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> And(Vector512<T> a, Vector512<T> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Or(Vector512<T> a, Vector512<T> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> AndNot(Vector512<T> a, Vector512<T> b) => Vector512.AndNot(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> a) => Vector512.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Select(Vector512<T> mask, Vector512<T> whenTrue, Vector512<T> whenFalse) =>
        Vector512.ConditionalSelect(mask, whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> SelectWhereGreater(Vector512<T> a, Vector512<T> b, Vector512<T> whenTrue, Vector512<T> whenFalse) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(a, b), whenTrue, whenFalse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(Vector512<T> mask) => mask.ExtractMostSignificantBits() != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AnyGreaterThan(Vector512<T> a, Vector512<T> b) => Vector512.GreaterThanAny(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Bits(Vector512<T> mask) => mask.ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> LoadMask(ref sbyte source)
    {
        var bytes = Vector128.LoadUnsafe(ref source);
        if (Avx512F.IsSupported)
        {
            // vpmovsxbq / vpmovsxbd: one instruction, the byte sign-extended into the whole lane.
            return typeof(T) == typeof(double)
                ? Avx512F.ConvertToVector512Int64(bytes).As<long, T>()
                : Avx512F.ConvertToVector512Int32(bytes).As<int, T>();
        }
        Span<T> lanes = stackalloc T[Count];
        for (int i = 0; i < lanes.Length; i++) lanes[i] = LaneBytes.SignExtended<T>(Unsafe.Add(ref source, i));
        return Vector512.Create<T>(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMask(Vector512<T> mask, ref sbyte destination)
    {
        if (!Avx512F.IsSupported)
        {
            ulong bits = Bits(mask);
            for (int i = 0; i < Count; i++) Unsafe.Add(ref destination, i) = (sbyte)-(int)((bits >> i) & 1);
            return;
        }
        // vpmovqb / vpmovdb truncate each lane to its low byte: 0 or −1.
        StoreLowBytes(mask, ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreLowBytes(Vector512<T> value, ref sbyte destination)
    {
        if (!Avx512F.IsSupported)
        {
            for (int i = 0; i < Count; i++) Unsafe.Add(ref destination, i) = LaneBytes.LowByte(value.GetElement(i));
            return;
        }
        // vpmovqb / vpmovdb truncate each lane to its low byte.
        if (typeof(T) == typeof(double))
            Unsafe.WriteUnaligned(ref Unsafe.As<sbyte, byte>(ref destination), Avx512F.ConvertToVector128SByte(value.As<T, long>()).AsInt64().ToScalar());
        else
            Avx512F.ConvertToVector128SByte(value.As<T, int>()).StoreUnsafe(ref destination);
    }
}
