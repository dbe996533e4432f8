using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// Every numeric parameter of `bt run` (spec §3-§5), in the order `bt run --help` lists them. --fill is a
/// word, not a number, and is fixed with --fill. --periods-per-year is numeric here (a grid gives values,
/// never "auto").
/// </summary>
public static class GridParameters
{
    public static IReadOnlyList<GridParameter> All { get; } =
    [
        Int("sma-fast", "sma_fast", p => p.SmaFast, (p, v) => p with { SmaFast = v }),
        Int("sma-slow", "sma_slow", p => p.SmaSlow, (p, v) => p with { SmaSlow = v }),
        Int("rsi-period", "rsi_period", p => p.RsiPeriod, (p, v) => p with { RsiPeriod = v }),
        Real("rsi-low", "rsi_low", p => p.RsiLow, (p, v) => p with { RsiLow = v }),
        Real("rsi-high", "rsi_high", p => p.RsiHigh, (p, v) => p with { RsiHigh = v }),
        Int("bb-period", "bb_period", p => p.BbPeriod, (p, v) => p with { BbPeriod = v }),
        Real("bb-k", "bb_k", p => p.BbK, (p, v) => p with { BbK = v }),
        Int("macd-fast", "macd_fast", p => p.MacdFast, (p, v) => p with { MacdFast = v }),
        Int("macd-slow", "macd_slow", p => p.MacdSlow, (p, v) => p with { MacdSlow = v }),
        Int("macd-signal", "macd_signal", p => p.MacdSignal, (p, v) => p with { MacdSignal = v }),
        Int("w-trend", "w_trend", p => p.WTrend, (p, v) => p with { WTrend = v }),
        Int("w-rsi", "w_rsi", p => p.WRsi, (p, v) => p with { WRsi = v }),
        Int("w-bb", "w_bb", p => p.WBb, (p, v) => p with { WBb = v }),
        Int("w-macd", "w_macd", p => p.WMacd, (p, v) => p with { WMacd = v }),
        Real("threshold", "threshold", p => p.Threshold, (p, v) => p with { Threshold = v }),
        Real("capital", "capital", p => p.Capital, (p, v) => p with { Capital = v }),
        Real("position-size", "position_size", p => p.PositionSize, (p, v) => p with { PositionSize = v }),
        Real("fee-fixed", "fee_fixed", p => p.FeeFixed, (p, v) => p with { FeeFixed = v }),
        Real("fee-bps", "fee_bps", p => p.FeeBps, (p, v) => p with { FeeBps = v }),
        Real("slippage-bps", "slippage_bps", p => p.SlippageBps, (p, v) => p with { SlippageBps = v }),
        Real("stop-loss-pct", "stop_loss_pct", p => p.StopLossPct, (p, v) => p with { StopLossPct = v }),
        Real("take-profit-pct", "take_profit_pct", p => p.TakeProfitPct, (p, v) => p with { TakeProfitPct = v }),
        Int("max-hold-bars", "max_hold_bars", p => p.MaxHoldBars, (p, v) => p with { MaxHoldBars = v }),
        Real("periods-per-year", "periods_per_year", p => p.PeriodsPerYear ?? double.NaN, (p, v) => p with { PeriodsPerYear = v }),
    ];

    /// <summary>The parameter of an option name (with or without the leading --, any case), or null.</summary>
    public static GridParameter? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string bare = name.StartsWith("--", StringComparison.Ordinal) ? name[2..] : name;
        return All.FirstOrDefault(p => string.Equals(p.Name, bare, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.JsonName, bare, StringComparison.OrdinalIgnoreCase));
    }

    private static GridParameter Int(string name, string json, Func<StrategyParameters, int> get, Func<StrategyParameters, int, StrategyParameters> with) =>
        new(name, json, IsInteger: true, p => get(p), (p, v) => with(p, checked((int)v)));

    private static GridParameter Real(string name, string json, Func<StrategyParameters, double> get, Func<StrategyParameters, double, StrategyParameters> with) =>
        new(name, json, IsInteger: false, get, with);
}
