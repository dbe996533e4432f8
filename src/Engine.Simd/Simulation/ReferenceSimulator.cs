using Backtest.Data;
using Backtest.Strategy;

namespace Backtest.Simulation;

/// <summary>
/// The scalar reference simulator: spec §4-§5 written as plainly as possible, one bar at a time, in f64.
/// It is the project's oracle; faster engines must reproduce its trades.
/// Within bar k: a pending order fills at the open; then the protective exits; then the close decides.
/// </summary>
public static class ReferenceSimulator
{
    private enum Pending { None, Buy, Sell }

    /// <param name="scores">The score at the close of each bar.</param>
    /// <param name="firstDecisionBar">Closes before this bar (the warm-up) take no decision.</param>
    public static SimulationOutcome Run(BarSeries bars, ReadOnlySpan<int> scores, int firstDecisionBar, StrategyParameters p)
    {
        int n = bars.Count;
        if (scores.Length < n) throw new ArgumentException($"{n} bars need {n} scores, got {scores.Length}.", nameof(scores));
        var open = bars.Open;
        var high = bars.High;
        var low = bars.Low;
        var close = bars.Close;
        bool useStop = p.StopLossPct > 0, useTarget = p.TakeProfitPct > 0, useTime = p.MaxHoldBars > 0;

        var equity = new double[n];
        var trades = new List<Trade>();
        int barsInMarket = 0, unaffordable = 0;

        double cash = p.Capital;
        long shares = 0;
        double entryPrice = 0, entryFee = 0, stop = 0, target = 0;
        int entryBar = -1, entryDecisionBar = -1;
        var pending = Pending.None;
        var pendingReason = ExitReason.Signal;
        double pendingBudget = 0;
        int pendingDecisionBar = -1;

        void Buy(int k, double price, double budget, int decisionBar)
        {
            double bp = OrderMath.BuyPrice(price, p);
            long q = OrderMath.SharesFor(budget, bp, p);
            if (q < 1)
            {
                // Cannot afford one share: the order is dropped, no fee; counted, so the report can say so.
                unaffordable++;
                return;
            }
            double fee = OrderMath.Fee(q * bp, p);
            cash -= q * bp + fee;
            shares = q;
            entryPrice = bp;
            entryFee = fee;
            entryBar = k;
            entryDecisionBar = decisionBar;
            stop = OrderMath.StopPrice(bp, p);
            target = OrderMath.TargetPrice(bp, p);
        }

        // price is the raw price the exit happens at (open, stop, target or close); slippage applies to it.
        void Sell(int k, double price, ExitReason reason)
        {
            double sp = OrderMath.SellPrice(price, p);
            double fee = OrderMath.Fee(shares * sp, p);
            cash += shares * sp - fee;
            double pnl = shares * (sp - entryPrice) - entryFee - fee;
            trades.Add(new Trade(entryBar, k, entryPrice, sp, shares, pnl, 100 * pnl / (shares * entryPrice), reason));
            shares = 0;
        }

        for (int k = 0; k < n; k++)
        {
            // 1. A next-open order decided at the previous close fills at this open.
            if (pending == Pending.Buy) Buy(k, open[k], pendingBudget, pendingDecisionBar);
            else if (pending == Pending.Sell) Sell(k, open[k], pendingReason);
            pending = Pending.None;

            // 2. Protective exits, on every bar after the entry decision bar.
            if (shares > 0 && k > entryDecisionBar && (useStop || useTarget))
            {
                bool boughtAtThisOpen = k == entryBar && p.Fill == FillMode.NextOpen;
                if (!boughtAtThisOpen && useStop && OrderMath.ReachesStop(open[k], stop)) Sell(k, open[k], ExitReason.StopLoss);
                else if (!boughtAtThisOpen && useTarget && OrderMath.ReachesTarget(open[k], target)) Sell(k, open[k], ExitReason.TakeProfit);
                else if (useStop && OrderMath.ReachesStop(low[k], stop)) Sell(k, stop, ExitReason.StopLoss);
                else if (useTarget && OrderMath.ReachesTarget(high[k], target)) Sell(k, target, ExitReason.TakeProfit);
            }

            // 3. The close decides (never at the last bar, where an open position is sold instead).
            if (k == n - 1)
            {
                if (shares > 0) Sell(k, close[k], ExitReason.End);
            }
            else if (k >= firstDecisionBar)
            {
                int score = scores[k];
                if (shares > 0)
                {
                    bool signal = score < -p.Threshold;
                    bool time = useTime && k - entryBar >= p.MaxHoldBars;
                    if (signal || time)
                    {
                        var reason = signal ? ExitReason.Signal : ExitReason.Time;
                        if (p.Fill == FillMode.Close) Sell(k, close[k], reason);
                        else { pending = Pending.Sell; pendingReason = reason; }
                    }
                }
                else if (score > p.Threshold && cash > 0)
                {
                    // Flat at this close and no exit decided at it (an exit leaves shares > 0 until it fills,
                    // or fills now with fill=close, in which case we must not re-enter at the same close).
                    if (p.Fill == FillMode.Close) Buy(k, close[k], cash * p.PositionSize, k);
                    else { pending = Pending.Buy; pendingBudget = cash * p.PositionSize; pendingDecisionBar = k; }
                }
            }

            equity[k] = cash + shares * close[k];
            if (shares > 0) barsInMarket++;
        }

        return new SimulationOutcome(equity, trades, barsInMarket) { UnaffordableEntries = unaffordable };
    }
}
