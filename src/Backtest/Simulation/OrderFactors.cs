using Backtest.Strategy;

namespace Backtest.Simulation;

/// <summary>
/// The execution parameters' factors as the order rules of <see cref="OrderMath"/> apply them: each is the very double
/// the rule's formula computes from the parameters (1 + slippage_bps/10,000, fee_bps/10,000, 1 − stop_loss_pct/100, ...),
/// computed once per run (<see cref="AccountSettings"/>) rather than divided out again at every fill.
/// </summary>
public readonly record struct OrderFactors(
    double Buy, double Sell, double FeeFixed, double FeeRate, double FeeFactor, double LongStop, double ShortStop, double LongTarget, double ShortTarget)
{
    public static OrderFactors Of(StrategyParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        double slippage = p.SlippageBps / 10_000, feeRate = p.FeeBps / 10_000, stop = p.StopLossPct / 100, target = p.TakeProfitPct / 100;
        return new(1 + slippage, 1 - slippage, p.FeeFixed, feeRate, 1 + feeRate, 1 - stop, 1 + stop, 1 + target, 1 - target);
    }
}
