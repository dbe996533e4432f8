using Backtest.Strategy;

namespace Backtest.Simulation;

/// <summary>Fill prices, fees and entry sizing of spec §4, shared by every scalar path.</summary>
public static class OrderMath
{
    /// <summary>Absorbs the rounding of a budget that is an exact multiple of the cost of a share.</summary>
    public const double SizingEpsilon = 1e-9;

    /// <summary>Relative tolerance for "a price reaches the stop / target".</summary>
    public const double ProtectiveEpsilon = 1e-9;

    public static double BuyPrice(double price, StrategyParameters p) => price * (1 + p.SlippageBps / 10_000);

    public static double SellPrice(double price, StrategyParameters p) => price * (1 - p.SlippageBps / 10_000);

    public static double Fee(double notional, StrategyParameters p) => p.FeeFixed + p.FeeBps / 10_000 * notional;

    /// <summary>
    /// Whole shares whose notional plus fee stays within the budget: floor((B − fee_fixed) /
    /// (bp·(1 + fee_bps/10,000)) + 1e-9). Zero or less means the order cannot be afforded.
    /// </summary>
    public static long SharesFor(double budget, double buyPrice, StrategyParameters p)
    {
        double shares = Math.Floor((budget - p.FeeFixed) / (buyPrice * (1 + p.FeeBps / 10_000)) + SizingEpsilon);
        return shares >= 1 ? (long)shares : 0;
    }

    public static double StopPrice(double entryPrice, StrategyParameters p) => entryPrice * (1 - p.StopLossPct / 100);

    public static double TargetPrice(double entryPrice, StrategyParameters p) => entryPrice * (1 + p.TakeProfitPct / 100);

    public static bool ReachesStop(double price, double stop) => ReachesStop(price, stop, ProtectiveEpsilon);

    /// <summary>With a relative tolerance other than the spec's 1e-9 (f32 engines: prices carry f32 rounding).</summary>
    public static bool ReachesStop(double price, double stop, double epsilon) => price <= stop * (1 + epsilon);

    public static bool ReachesTarget(double price, double target) => ReachesTarget(price, target, ProtectiveEpsilon);

    public static bool ReachesTarget(double price, double target, double epsilon) => price >= target * (1 - epsilon);
}
