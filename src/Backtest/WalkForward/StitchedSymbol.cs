using Backtest.Metrics;

namespace Backtest.WalkForward;

/// <summary>One symbol's stitched out-of-sample equity and its metrics (spec §5 over the stitched curve).</summary>
public sealed record StitchedSymbol(StitchedEquity Equity, SymbolMetrics Metrics)
{
    public string Symbol => Equity.Symbol;
}
