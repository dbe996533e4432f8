using Backtest.Simulation;

namespace Backtest.Metrics;

/// <summary>The per-symbol metrics of semantics §5 (with the further metrics of 2.0) from an equity curve and its closed trades.</summary>
public static class PerformanceMetrics
{
    public static SymbolMetrics Compute(
        ReadOnlySpan<double> equity, IReadOnlyList<Trade> trades, int barsInMarket, double capital, double periodsPerYear, SeriesSpan span)
    {
        int n = equity.Length;
        double finalValue = n > 0 ? equity[n - 1] : capital;
        return Assemble(finalValue, capital, n, trades, barsInMarket, RiskRatios(equity, periodsPerYear), Drawdowns(equity), periodsPerYear, span);
    }

    /// <summary>
    /// The metrics of an engine that does not keep the equity curve: it hands over the final value, the
    /// return sums, the drawdowns and the bars in the market it accumulated bar by bar.
    /// </summary>
    public static SymbolMetrics FromSums(
        double finalValue, double capital, int bars, ReturnSums returns, DrawdownSummary drawdowns,
        int barsInMarket, IReadOnlyList<Trade> trades, double periodsPerYear, SeriesSpan span) =>
        Assemble(finalValue, capital, bars, trades, barsInMarket, returns.Ratios(periodsPerYear), drawdowns, periodsPerYear, span);

    private static SymbolMetrics Assemble(
        double finalValue, double capital, int bars, IReadOnlyList<Trade> trades, int barsInMarket,
        ReturnRisk risk, DrawdownSummary drawdowns, double periodsPerYear, SeriesSpan span)
    {
        var tradeStats = TradeStatistics.From(trades);
        double? cagr = Cagr(finalValue, capital, span.Years);
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
            SharpeRatio = risk.Sharpe,
            SortinoRatio = risk.Sortino,
            MaxDrawdown = drawdowns.Amount,
            MaxDrawdownPct = drawdowns.Pct,
            ExposurePct = bars > 0 ? 100.0 * barsInMarket / bars : 0,
            BuyHoldReturnPct = span.BuyHoldReturnPct,
            CagrPct = cagr,
            VolatilityAnnPct = risk.VolatilityAnnPct,
            CalmarRatio = cagr is { } c && drawdowns.Pct != 0 ? c / drawdowns.Pct : null,
            MaxDrawdownBars = drawdowns.Bars,
            Sqn = tradeStats.Sqn,
            AvgTradePnl = tradeStats.AveragePnl,
            AvgTradeBars = tradeStats.AverageBars,
            MaxTradeBars = tradeStats.MaxBars,
            LongTrades = tradeStats.Long,
            ShortTrades = tradeStats.Short,
            PeriodsPerYear = periodsPerYear,
        };
    }

    /// <summary>100·((final/capital)^(1/years) − 1); null when years ≤ 0, the final value ≤ 0 or the result is not finite.</summary>
    public static double? Cagr(double finalValue, double capital, double years)
    {
        if (years <= 0 || finalValue <= 0) return null;
        double cagr = 100 * (Math.Pow(finalValue / capital, 1 / years) - 1);
        return double.IsFinite(cagr) ? cagr : null;
    }

    /// <summary>
    /// Sharpe, Sortino and volatility over r[k] = equity[k]/equity[k−1] − 1, k = 1..n−1 (0 where equity[k−1] ≤ 0),
    /// population moments, annualised by √P. All 0 with fewer than 2 returns; the ratios 0 on a zero denominator.
    /// </summary>
    public static ReturnRisk RiskRatios(ReadOnlySpan<double> equity, double periodsPerYear)
    {
        int count = equity.Length - 1;
        if (count < 2) return ReturnRisk.None;

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
        return ReturnRisk.Of(mean, Math.Sqrt(squaredDeviations / count), Math.Sqrt(squaredDownside / count), periodsPerYear);
    }

    public static double PeriodReturn(ReadOnlySpan<double> equity, int k)
        => equity[k - 1] <= 0 ? 0 : equity[k] / equity[k - 1] - 1;

    /// <summary>
    /// Largest fall from the running peak, in money and in percent, each maximised on its own, and the longest
    /// run of consecutive bars with equity below the running peak.
    /// </summary>
    public static DrawdownSummary Drawdowns(ReadOnlySpan<double> equity)
    {
        double peak = double.NegativeInfinity, amount = 0, pct = 0;
        int run = 0, longestRun = 0;
        foreach (double e in equity)
        {
            peak = Math.Max(peak, e);
            amount = Math.Max(amount, peak - e);
            if (peak > 0) pct = Math.Max(pct, 100 * (peak - e) / peak);
            run = e < peak ? run + 1 : 0;
            longestRun = Math.Max(longestRun, run);
        }
        return new DrawdownSummary(amount, pct, longestRun);
    }
}
