using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// The names a strategy file cannot define: the built-in series (strategies.md §3), and, for parameters, the run's
/// own options (semantics §4), which are given to the run, not to the strategy.
/// </summary>
internal static class BuiltInNames
{
    /// <summary>The built-in series and their ops.</summary>
    public static IReadOnlyDictionary<string, NodeOp> Series { get; } = new Dictionary<string, NodeOp>(StringComparer.Ordinal)
    {
        ["open"] = NodeOp.Open,
        ["high"] = NodeOp.High,
        ["low"] = NodeOp.Low,
        ["close"] = NodeOp.Close,
        ["volume"] = NodeOp.Volume,
        ["bar"] = NodeOp.Bar,
    };

    /// <summary>The CLI options of semantics §4, which are not strategy parameters (strategies.md §2).</summary>
    public static IReadOnlySet<string> RunOptions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "capital", "position_size", "fee_fixed", "fee_bps", "slippage_bps", "fill", "stop_loss_pct", "take_profit_pct",
        "max_hold_bars", "periods_per_year",
    };
}
