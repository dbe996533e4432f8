using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>Which window function a window node computes, as a type, so its branches fold away.</summary>
internal interface IWindowKind
{
    static abstract NodeOp Op { get; }
}

/// <summary>
/// A window function taken from the sums of deviations from the current x (S = Σ (x_i − x), Q = Σ (x_i − x)²), each
/// its own type so that only its arithmetic is inlined. Lanes whose unchanged <c>run</c> reaches <c>flatAfter</c> (n − 1)
/// have an exactly flat window: the value is x, its deviation 0.
/// </summary>
internal interface IRollingKind : IWindowKind
{
    static abstract bool UsesSquares { get; }

    /// <summary>The value from sums in raw units (<see cref="ILaneHistory{TV, T}.Scaled"/>: times <paramref name="scale"/> when scaled).</summary>
    static abstract TV Value<TL, TV, T>(TV x, TV sum, TV squares, TV count, TV invCount, TV run, TV flatAfter, bool scaled, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}

/// <summary>x + S/n.</summary>
internal readonly struct SmaKind : IRollingKind
{
    public static NodeOp Op => NodeOp.Sma;

    public static bool UsesSquares => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Value<TL, TV, T>(TV x, TV sum, TV squares, TV count, TV invCount, TV run, TV flatAfter, bool scaled, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        TL.Add(x, TL.SelectWhereGreater(flatAfter, run, TL.Multiply(scaled ? TL.Multiply(sum, bar.InvScale) : sum, invCount), bar.Zero));
}

/// <summary>n·x + S.</summary>
internal readonly struct SumKind : IRollingKind
{
    public static NodeOp Op => NodeOp.Sum;

    public static bool UsesSquares => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Value<TL, TV, T>(TV x, TV sum, TV squares, TV count, TV invCount, TV run, TV flatAfter, bool scaled, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T> =>
        TL.MultiplyAdd(count, x, TL.SelectWhereGreater(flatAfter, run, scaled ? TL.Multiply(sum, bar.InvScale) : sum, bar.Zero));
}

/// <summary>√(Q/n − (S/n)²), the population standard deviation.</summary>
internal readonly struct StdevKind : IRollingKind
{
    public static NodeOp Op => NodeOp.Stdev;

    public static bool UsesSquares => true;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Value<TL, TV, T>(TV x, TV sum, TV squares, TV count, TV invCount, TV run, TV flatAfter, bool scaled, in LaneBar<TV, T> bar)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        TV meanOffset = TL.Multiply(sum, invCount);
        // max(0, v): the hardware max gives its second operand when one is NaN, so an na variance stays na.
        TV variance = TL.Max(bar.Zero, TL.Subtract(TL.Multiply(squares, invCount), TL.Multiply(meanOffset, meanOffset)));
        TV deviation = TL.Sqrt(variance);
        return TL.SelectWhereGreater(flatAfter, run, scaled ? TL.Multiply(deviation, bar.InvScale) : deviation, bar.Zero);
    }
}

internal readonly struct WmaKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Wma;
}

internal readonly struct HighestKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Highest;
}

internal readonly struct LowestKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Lowest;
}

internal readonly struct EmaKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Ema;
}

internal readonly struct RmaKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Rma;
}
