namespace Backtest.Fused;

/// <summary>What the kernel accumulated for one lane over its bars, in f64, for the metrics of spec §5.</summary>
internal struct LaneTotals
{
    public double SumReturns;
    public double SumSquaredReturns;
    public double SumSquaredDownside;
    public double MaxDrawdown;

    /// <summary>The lowest equity / running peak: the deepest drawdown in percent is 100 · (1 − it).</summary>
    public double LowestEquityRatio;

    public double BarsInMarket;

    /// <summary>The longest run of consecutive bars with equity below its running peak (max_drawdown_bars).</summary>
    public double MaxDrawdownBars;

    public readonly double MaxDrawdownPct => LowestEquityRatio < 1 ? 100 * (1 - LowestEquityRatio) : 0;
}
