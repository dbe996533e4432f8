using Backtest.Simulation;

namespace Backtest.Metrics;

/// <summary>Counts and return statistics over closed trades (spec §5); zeros when there are none.</summary>
public readonly record struct TradeStatistics(
    int Count,
    int Winning,
    int Losing,
    double WinRate,
    double AverageReturnPct,
    double BestReturnPct,
    double WorstReturnPct,
    double? ProfitFactor)
{
    public static TradeStatistics From(IReadOnlyList<Trade> trades)
    {
        if (trades.Count == 0) return new TradeStatistics(0, 0, 0, 0, 0, 0, 0, null);

        int winning = 0, losing = 0;
        double grossProfit = 0, grossLoss = 0, returnSum = 0;
        double best = double.NegativeInfinity, worst = double.PositiveInfinity;
        foreach (var t in trades)
        {
            if (t.Pnl > 0) { winning++; grossProfit += t.Pnl; }
            else if (t.Pnl < 0) { losing++; grossLoss += t.Pnl; }
            returnSum += t.ReturnPct;
            best = Math.Max(best, t.ReturnPct);
            worst = Math.Min(worst, t.ReturnPct);
        }

        // Null when no trade lost: the ratio is undefined (or infinite), never a misleading number.
        double? profitFactor = losing == 0 ? null : grossProfit / Math.Abs(grossLoss);
        return new TradeStatistics(
            trades.Count, winning, losing, 100.0 * winning / trades.Count, returnSum / trades.Count, best, worst, profitFactor);
    }
}
