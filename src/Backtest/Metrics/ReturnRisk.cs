namespace Backtest.Metrics;

/// <summary>The return-based ratios of semantics §5: Sharpe, Sortino and the annualised volatility in percent.</summary>
public readonly record struct ReturnRisk(double Sharpe, double Sortino, double VolatilityAnnPct)
{
    /// <summary>
    /// From the mean, population std and downside deviation of the n−1 bar returns: Sharpe = mean/std·√P,
    /// Sortino = mean/downside·√P (0 on a zero denominator), volatility = 100·std·√P.
    /// </summary>
    public static ReturnRisk Of(double mean, double std, double downsideDeviation, double periodsPerYear)
    {
        double annualise = Math.Sqrt(periodsPerYear);
        double sharpe = std == 0 ? 0 : mean / std * annualise;
        double sortino = downsideDeviation == 0 ? 0 : mean / downsideDeviation * annualise;
        return new ReturnRisk(sharpe, sortino, 100 * std * annualise);
    }

    /// <summary>All 0: fewer than 2 returns.</summary>
    public static ReturnRisk None => default;
}
