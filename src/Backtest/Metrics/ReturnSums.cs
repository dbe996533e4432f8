namespace Backtest.Metrics;

/// <summary>
/// The one-pass sums of a symbol's bar returns r[1..n−1] that Sharpe and Sortino need (spec §5), as an
/// engine accumulates them while it walks the bars instead of keeping the equity curve.
/// </summary>
/// <param name="Count">Returns summed: bars − 1.</param>
/// <param name="Sum">Σ r.</param>
/// <param name="SumOfSquares">Σ r².</param>
/// <param name="SumOfDownsideSquares">Σ min(r, 0)².</param>
public readonly record struct ReturnSums(int Count, double Sum, double SumOfSquares, double SumOfDownsideSquares)
{
    /// <summary>
    /// Sharpe, Sortino and volatility of <see cref="ReturnRisk"/>, all 0 with fewer than 2 returns. The variance
    /// is E[r²] − mean², which loses nothing here: bar returns have a mean far below their spread, so there is
    /// no cancellation to speak of.
    /// </summary>
    public ReturnRisk Ratios(double periodsPerYear)
    {
        if (Count < 2) return ReturnRisk.None;
        double mean = Sum / Count;
        double variance = Math.Max(0, SumOfSquares / Count - mean * mean);
        return ReturnRisk.Of(mean, Math.Sqrt(variance), Math.Sqrt(SumOfDownsideSquares / Count), periodsPerYear);
    }
}
