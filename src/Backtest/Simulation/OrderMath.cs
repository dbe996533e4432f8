using System.Runtime.CompilerServices;
using Backtest.Strategy;

namespace Backtest.Simulation;

/// <summary>
/// Fill prices, fees, entry sizing and protective levels of spec §4 and strategies.md §6 (shorts mirrored),
/// shared by every scalar path. The long-only forms are the <see cref="TradeSide.Long"/> case of the sided ones.
/// </summary>
public static class OrderMath
{
    /// <summary>Absorbs the rounding of a budget that is an exact multiple of the cost of a share.</summary>
    public const double SizingEpsilon = 1e-9;

    /// <summary>Relative tolerance for "a price reaches the stop / target".</summary>
    public const double ProtectiveEpsilon = 1e-9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BuyPrice(double price, in OrderFactors f) => price * f.Buy;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SellPrice(double price, in OrderFactors f) => price * f.Sell;

    /// <summary>The fill price of an entry: a long buys, a short sells.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double EntryPrice(double price, TradeSide side, in OrderFactors f) =>
        side == TradeSide.Long ? BuyPrice(price, f) : SellPrice(price, f);

    /// <summary>The fill price of an exit: a long sells, a short covers (buys).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double ExitPrice(double price, TradeSide side, in OrderFactors f) =>
        side == TradeSide.Long ? SellPrice(price, f) : BuyPrice(price, f);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Fee(double notional, in OrderFactors f) => f.FeeFixed + f.FeeRate * notional;

    /// <summary>
    /// Whole shares whose notional plus fee stays within the budget: floor((B − fee_fixed) /
    /// (price·(1 + fee_bps/10,000)) + 1e-9), price the entry's fill price (a buy's for a long, a sale's for a
    /// short). Zero or less means the order cannot be afforded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long SharesFor(double budget, double fillPrice, in OrderFactors f)
    {
        double shares = Math.Floor((budget - f.FeeFixed) / (fillPrice * f.FeeFactor) + SizingEpsilon);
        return shares >= 1 ? (long)shares : 0;
    }

    public static double StopPrice(double entryPrice, StrategyParameters p) => StopPrice(entryPrice, TradeSide.Long, OrderFactors.Of(p));

    public static double TargetPrice(double entryPrice, StrategyParameters p) => TargetPrice(entryPrice, TradeSide.Long, OrderFactors.Of(p));

    public static double StopPrice(double entryPrice, TradeSide side, StrategyParameters p) => StopPrice(entryPrice, side, OrderFactors.Of(p));

    public static double TargetPrice(double entryPrice, TradeSide side, StrategyParameters p) => TargetPrice(entryPrice, side, OrderFactors.Of(p));

    /// <summary>The stop lies against the position: below a long's entry, above a short's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double StopPrice(double entryPrice, TradeSide side, in OrderFactors f) =>
        entryPrice * (side == TradeSide.Long ? f.LongStop : f.ShortStop);

    /// <summary>The target lies in the position's favour: above a long's entry, below a short's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double TargetPrice(double entryPrice, TradeSide side, in OrderFactors f) =>
        entryPrice * (side == TradeSide.Long ? f.LongTarget : f.ShortTarget);

    public static bool ReachesStop(double price, double stop) => ReachesStop(price, stop, ProtectiveEpsilon);

    /// <summary>With a relative tolerance other than the spec's 1e-9 (f32 engines: prices carry f32 rounding).</summary>
    public static bool ReachesStop(double price, double stop, double epsilon) => ReachesStop(price, stop, TradeSide.Long, epsilon);

    public static bool ReachesTarget(double price, double target) => ReachesTarget(price, target, ProtectiveEpsilon);

    public static bool ReachesTarget(double price, double target, double epsilon) => ReachesTarget(price, target, TradeSide.Long, epsilon);

    /// <summary>A long's stop is reached at or below it (p ≤ stop·(1 + ε)), a short's at or above it (p ≥ stop·(1 − ε)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ReachesStop(double price, double stop, TradeSide side, double epsilon) =>
        side == TradeSide.Long ? price <= stop * (1 + epsilon) : price >= stop * (1 - epsilon);

    /// <summary>A long's target is reached at or above it (p ≥ target·(1 − ε)), a short's at or below it (p ≤ target·(1 + ε)).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool ReachesTarget(double price, double target, TradeSide side, double epsilon) =>
        side == TradeSide.Long ? price >= target * (1 - epsilon) : price <= target * (1 + epsilon);
}
