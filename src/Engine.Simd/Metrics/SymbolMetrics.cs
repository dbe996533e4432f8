namespace Backtest.Metrics;

/// <summary>The per-symbol metrics of spec §5, named as in results.json.</summary>
public sealed record SymbolMetrics
{
    public double FinalValue { get; init; }
    public double TotalReturn { get; init; }
    public double TotalReturnPct { get; init; }
    public int Trades { get; init; }
    public int WinningTrades { get; init; }
    public int LosingTrades { get; init; }
    public double WinRate { get; init; }
    public double AvgTradeReturnPct { get; init; }
    public double BestTradePct { get; init; }
    public double WorstTradePct { get; init; }

    /// <summary>Null when no trade lost.</summary>
    public double? ProfitFactor { get; init; }

    public double SharpeRatio { get; init; }
    public double SortinoRatio { get; init; }
    public double MaxDrawdown { get; init; }
    public double MaxDrawdownPct { get; init; }
    public double ExposurePct { get; init; }

    /// <summary>The periods per year P used for the ratios (given, or inferred from bar spacing).</summary>
    public double PeriodsPerYear { get; init; }
}
