using Backtest.Simulation;

namespace Backtest.Metrics;

/// <summary>The per-symbol metrics of spec §5 from an equity curve and its closed trades.</summary>
public static class PerformanceMetrics
{
    public static SymbolMetrics Compute(
        ReadOnlySpan<double> equity, IReadOnlyList<Trade> trades, int barsInMarket, double capital, double periodsPerYear)
    {
        int n = equity.Length;
        double finalValue = n > 0 ? equity[n - 1] : capital;
        var (sharpe, sortino) = RiskRatios(equity, periodsPerYear);
        var (maxDrawdown, maxDrawdownPct) = Drawdowns(equity);
        return Assemble(finalValue, capital, n, trades, barsInMarket, sharpe, sortino, maxDrawdown, maxDrawdownPct, periodsPerYear);
    }

    /// <summary>
    /// The metrics of an engine that does not keep the equity curve: it hands over the final value, the
    /// return sums, the drawdowns and the bars in the market it accumulated bar by bar.
    /// </summary>
    public static SymbolMetrics FromSums(
        double finalValue, double capital, int bars, ReturnSums returns, double maxDrawdown, double maxDrawdownPct,
        int barsInMarket, IReadOnlyList<Trade> trades, double periodsPerYear)
    {
        var (sharpe, sortino) = returns.Ratios(periodsPerYear);
        return Assemble(finalValue, capital, bars, trades, barsInMarket, sharpe, sortino, maxDrawdown, maxDrawdownPct, periodsPerYear);
    }

    private static SymbolMetrics Assemble(
        double finalValue, double capital, int bars, IReadOnlyList<Trade> trades, int barsInMarket,
        double sharpe, double sortino, double maxDrawdown, double maxDrawdownPct, double periodsPerYear)
    {
        var tradeStats = TradeStatistics.From(trades);
        return new SymbolMetrics
        {
            FinalValue = finalValue,
            TotalReturn = finalValue - capital,
            TotalReturnPct = 100 * (finalValue / capital - 1),
            Trades = tradeStats.Count,
            WinningTrades = tradeStats.Winning,
            LosingTrades = tradeStats.Losing,
            WinRate = tradeStats.WinRate,
            AvgTradeReturnPct = tradeStats.AverageReturnPct,
            BestTradePct = tradeStats.BestReturnPct,
            WorstTradePct = tradeStats.WorstReturnPct,
            ProfitFactor = tradeStats.ProfitFactor,
            SharpeRatio = sharpe,
            SortinoRatio = sortino,
            MaxDrawdown = maxDrawdown,
            MaxDrawdownPct = maxDrawdownPct,
            ExposurePct = bars > 0 ? 100.0 * barsInMarket / bars : 0,
            PeriodsPerYear = periodsPerYear,
        };
    }

    /// <summary>
    /// Sharpe and Sortino over r[k] = equity[k]/equity[k−1] − 1, k = 1..n−1 (0 where equity[k−1] ≤ 0),
    /// population moments, annualised by √P. Both are 0 with fewer than 2 returns or a zero denominator.
    /// </summary>
    public static (double Sharpe, double Sortino) RiskRatios(ReadOnlySpan<double> equity, double periodsPerYear)
    {
        int count = equity.Length - 1;
        if (count < 2) return (0, 0);

        double sum = 0;
        for (int k = 1; k < equity.Length; k++) sum += PeriodReturn(equity, k);
        double mean = sum / count;

        double squaredDeviations = 0, squaredDownside = 0;
        for (int k = 1; k < equity.Length; k++)
        {
            double r = PeriodReturn(equity, k);
            squaredDeviations += (r - mean) * (r - mean);
            double down = Math.Min(r, 0);
            squaredDownside += down * down;
        }
        double std = Math.Sqrt(squaredDeviations / count);
        double downsideDeviation = Math.Sqrt(squaredDownside / count);
        double annualise = Math.Sqrt(periodsPerYear);
        double sharpe = std == 0 ? 0 : mean / std * annualise;
        double sortino = downsideDeviation == 0 ? 0 : mean / downsideDeviation * annualise;
        return (sharpe, sortino);
    }

    public static double PeriodReturn(ReadOnlySpan<double> equity, int k)
        => equity[k - 1] <= 0 ? 0 : equity[k] / equity[k - 1] - 1;

    /// <summary>Largest fall from the running peak, in money and in percent, each maximised on its own.</summary>
    public static (double Amount, double Pct) Drawdowns(ReadOnlySpan<double> equity)
    {
        double peak = double.NegativeInfinity, amount = 0, pct = 0;
        foreach (double e in equity)
        {
            peak = Math.Max(peak, e);
            amount = Math.Max(amount, peak - e);
            if (peak > 0) pct = Math.Max(pct, 100 * (peak - e) / peak);
        }
        return (amount, pct);
    }
}
