using System.Numerics;
using System.Runtime.CompilerServices;

namespace Backtest.Lanes;

/// <summary>A lane and a byte, bit by bit: the scalar forms of <see cref="ISimdLanes{TV, T}.LoadMask"/> and <see cref="ISimdLanes{TV, T}.StoreLowBytes"/>.</summary>
internal static class LaneBytes
{
    /// <summary>The byte sign-extended to the integer of <typeparamref name="T"/>'s width, as its bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T SignExtended<T>(sbyte value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(double) ? (T)(object)BitConverter.Int64BitsToDouble(value) : (T)(object)BitConverter.Int32BitsToSingle(value);

    /// <summary>The lowest byte of the lane's bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static sbyte LowByte<T>(T value)
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        typeof(T) == typeof(double) ? (sbyte)BitConverter.DoubleToInt64Bits((double)(object)value) : (sbyte)BitConverter.SingleToInt32Bits((float)(object)value);
}
