using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// The value conventions of the lane forms: na is NaN in a lane; a bool is 1 or 0 (or NaN), so that arithmetic on
/// bools propagates na by itself (a mask's all-bits-set is a NaN and could not be told from na).
/// </summary>
internal static unsafe class LaneMath<TL, TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public static TV Na
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TL.Splat(T.NaN);
    }

    public static TV One
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TL.Splat(T.One);
    }

    public static TV Zero
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TL.Splat(T.Zero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Load(T* row) => TL.Load(ref *row);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(TV value, T* row) => TL.Store(value, ref *row);

    /// <summary>|a|, keeping NaN: the sign bit cleared.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Abs(TV a, in LaneBar<TV, T> bar) => TL.AndNot(a, bar.SignMask);

    /// <summary>A mask of the lanes that are defined (not na).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Defined(TV a) => TL.Equal(a, a);

    /// <summary>A bool value (1, 0 or na) as a mask of the lanes where it holds: na does not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Holds(TV value, in LaneBar<TV, T> bar) => TL.Equal(value, bar.One);

    /// <summary>na wherever <paramref name="a"/> is: 0·a is 0 or NaN (operands are finite where defined).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV NaOf(TV a, in LaneBar<TV, T> bar) => TL.Multiply(a, bar.Zero);

    /// <summary>
    /// a ≻ b of strategies.md §4: a − b > ε with ε = tie·max(|a|, |b|, close[k]) (false where either is na).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV ClearlyGreater(TV a, TV b, in LaneBar<TV, T> bar)
    {
        TV epsilon = TL.Max(TL.Multiply(TL.Max(Abs(a, bar), Abs(b, bar)), bar.Tie), bar.TieClose);
        return TL.GreaterThan(TL.Subtract(a, b), epsilon);
    }
}
