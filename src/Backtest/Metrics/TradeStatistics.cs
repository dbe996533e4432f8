using System.Runtime.InteropServices;
using Backtest.Simulation;

namespace Backtest.Metrics;

/// <summary>Counts, return and pnl statistics over closed trades (semantics §5); zeros (or null) when there are none.</summary>
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
    public double AveragePnl { get; init; }

    /// <summary>√trades · mean(pnl) / sd(pnl), sd with divisor trades − 1; null with fewer than 2 trades or sd = 0.</summary>
    public double? Sqn { get; init; }

    /// <summary>Mean and max of exit bar − entry bar (fill bars).</summary>
    public double AverageBars { get; init; }

    public int MaxBars { get; init; }

    public int Long { get; init; }

    public int Short { get; init; }

    public static TradeStatistics From(IReadOnlyList<Trade> trades)
    {
        ArgumentNullException.ThrowIfNull(trades);
        if (trades.Count == 0) return new TradeStatistics(0, 0, 0, 0, 0, 0, 0, null);

        int winning = 0, losing = 0, shorts = 0, maxBars = 0;
        double grossProfit = 0, grossLoss = 0, returnSum = 0, pnlSum = 0, barsSum = 0;
        double best = double.NegativeInfinity, worst = double.PositiveInfinity;
        var all = AsSpan(trades);
        // Without branches on the sign of pnl: a strategy's wins and losses come at random, and each mispredicted branch
        // cost more than the loop's arithmetic. Adding 0 (max(pnl, 0) of a loss, min(pnl, 0) of a win) leaves a sum as it
        // is, so the sums are those of the winning and losing trades alone.
        foreach (ref readonly var t in all)
        {
            double pnl = t.Pnl;
            winning += pnl > 0 ? 1 : 0;
            losing += pnl < 0 ? 1 : 0;
            grossProfit += Math.Max(pnl, 0.0);
            grossLoss += Math.Min(pnl, 0.0);
            returnSum += t.ReturnPct;
            pnlSum += t.Pnl;
            best = Math.Max(best, t.ReturnPct);
            worst = Math.Min(worst, t.ReturnPct);
            int bars = t.ExitBar - t.EntryBar;
            barsSum += bars;
            maxBars = Math.Max(maxBars, bars);
            shorts += t.Side == TradeSide.Short ? 1 : 0;
        }
        int count = trades.Count;
        double meanPnl = pnlSum / count;

        // Null when no trade lost: the ratio is undefined (or infinite), never a misleading number.
        double? profitFactor = losing == 0 ? null : grossProfit / Math.Abs(grossLoss);
        return new TradeStatistics(
            count, winning, losing, 100.0 * winning / count, returnSum / count, best, worst, profitFactor)
        {
            AveragePnl = meanPnl,
            Sqn = SystemQuality(all, meanPnl),
            AverageBars = barsSum / count,
            MaxBars = maxBars,
            Long = count - shorts,
            Short = shorts,
        };
    }

    /// <summary>The trades as a span: a strategy that trades every few bars leaves tens of thousands, read twice here.</summary>
    private static ReadOnlySpan<Trade> AsSpan(IReadOnlyList<Trade> trades) => trades switch
    {
        List<Trade> list => CollectionsMarshal.AsSpan(list),
        Trade[] array => array,
        _ => trades.ToArray(),
    };

    private static double? SystemQuality(ReadOnlySpan<Trade> trades, double meanPnl)
    {
        int count = trades.Length;
        if (count < 2) return null;
        double squaredDeviations = 0;
        foreach (ref readonly var t in trades) squaredDeviations += (t.Pnl - meanPnl) * (t.Pnl - meanPnl);
        double sd = Math.Sqrt(squaredDeviations / (count - 1));
        return sd == 0 ? null : Math.Sqrt(count) * meanPnl / sd;
    }
}
