using Backtest.Metrics;

namespace Backtest.Optimization;

/// <summary>
/// A per-symbol metric of spec §5 that a grid can be ranked by: its results.json name, how to read it, and
/// which way is better. A null value (profit_factor when no trade lost) means "not defined for this
/// symbol": it is left out of a combination's mean and median, and ranks below every number.
/// </summary>
public sealed record OptimizationMetric(string Name, bool HigherIsBetter, Func<SymbolMetrics, double?> Read)
{
    public const string DefaultName = "sharpe_ratio";

    /// <summary>Every metric of spec §5 and §7, in results.json order. Only drawdowns and losing trades rank lower-first.</summary>
    public static IReadOnlyList<OptimizationMetric> All { get; } =
    [
        new("final_value", true, m => m.FinalValue),
        new("total_return", true, m => m.TotalReturn),
        new("total_return_pct", true, m => m.TotalReturnPct),
        new("trades", true, m => m.Trades),
        new("winning_trades", true, m => m.WinningTrades),
        new("losing_trades", false, m => m.LosingTrades),
        new("win_rate", true, m => m.WinRate),
        new("avg_trade_return_pct", true, m => m.AvgTradeReturnPct),
        new("best_trade_pct", true, m => m.BestTradePct),
        new("worst_trade_pct", true, m => m.WorstTradePct),
        new("profit_factor", true, m => m.ProfitFactor),
        new("sharpe_ratio", true, m => m.SharpeRatio),
        new("sortino_ratio", true, m => m.SortinoRatio),
        new("max_drawdown", false, m => m.MaxDrawdown),
        new("max_drawdown_pct", false, m => m.MaxDrawdownPct),
        new("exposure_pct", true, m => m.ExposurePct),
    ];

    public static OptimizationMetric Default => Find(DefaultName)!;

    public string Direction => HigherIsBetter ? "higher" : "lower";

    /// <summary>The metric of a results.json name (any case, - or _), or null.</summary>
    public static OptimizationMetric? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string normal = name.Trim().Replace('-', '_');
        return All.FirstOrDefault(m => string.Equals(m.Name, normal, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The value of a symbol's metrics, null when undefined (or, which no metric should give, not finite).</summary>
    public double? ValueOf(SymbolMetrics metrics) => Read(metrics) is { } v && double.IsFinite(v) ? v : null;

    /// <summary>
    /// Whether <paramref name="candidate"/> ranks strictly before <paramref name="incumbent"/>: better in this
    /// metric's direction; any number before null. Equal values do not: the caller breaks ties.
    /// </summary>
    public bool IsBetter(double? candidate, double? incumbent)
    {
        if (candidate is not { } c) return false;
        if (incumbent is not { } i) return true;
        return HigherIsBetter ? c > i : c < i;
    }

    /// <summary>
    /// Orders values best first (null last); equal values compare equal, for the caller to break the tie.
    /// </summary>
    public int Compare(double? a, double? b)
    {
        if (IsBetter(a, b)) return -1;
        if (IsBetter(b, a)) return 1;
        return 0;
    }
}
