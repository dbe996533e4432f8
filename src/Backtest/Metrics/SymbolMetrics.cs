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

    // The further metrics of semantics 2.0 §5.

    public double BuyHoldReturnPct { get; init; }

    /// <summary>Null when the span has no length (years ≤ 0), the final value ≤ 0, or the value is not finite.</summary>
    public double? CagrPct { get; init; }

    public double VolatilityAnnPct { get; init; }

    /// <summary>cagr_pct / max_drawdown_pct; null when CAGR is null or there was no drawdown.</summary>
    public double? CalmarRatio { get; init; }

    /// <summary>The longest run of bars below the running peak; null where the engine does not follow the curve bar by bar (Metal).</summary>
    public int? MaxDrawdownBars { get; init; }

    /// <summary>Null with fewer than 2 trades or pnl without spread.</summary>
    public double? Sqn { get; init; }

    public double AvgTradePnl { get; init; }
    public double AvgTradeBars { get; init; }
    public int MaxTradeBars { get; init; }
    public int LongTrades { get; init; }
    public int ShortTrades { get; init; }

    /// <summary>The periods per year P used for the ratios (given, or inferred from bar spacing).</summary>
    public double PeriodsPerYear { get; init; }
}
