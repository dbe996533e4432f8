using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Contract;

/// <summary>The f64 contract of spec §6: the same trades (bars, shares, reasons), every number within 1e-9.</summary>
internal static class Agreement
{
    public const double Relative = 1e-9;

    public static void SameTrades(IReadOnlyList<Trade> expected, IReadOnlyList<Trade> actual, string at)
    {
        int common = Math.Min(expected.Count, actual.Count);
        for (int i = 0; i < common; i++)
        {
            var e = expected[i];
            var a = actual[i];
            string t = $"{at} trade {i}";
            Assert.True(
                e.EntryBar == a.EntryBar && e.ExitBar == a.ExitBar && e.Shares == a.Shares && e.Reason == a.Reason,
                $"{t}: expected bars {e.EntryBar}->{e.ExitBar} {e.Shares} shares {e.Reason}, got {a.EntryBar}->{a.ExitBar} {a.Shares} shares {a.Reason}");
            Near.Equal(e.EntryPrice, a.EntryPrice, t + " entry price", Relative);
            Near.Equal(e.ExitPrice, a.ExitPrice, t + " exit price", Relative);
            Near.Equal(e.Pnl, a.Pnl, t + " pnl", Relative);
            Near.Equal(e.ReturnPct, a.ReturnPct, t + " return_pct", Relative);
        }
        Assert.True(expected.Count == actual.Count, $"{at}: {expected.Count} trades expected, got {actual.Count}");
    }

    public static void SameMetrics(SymbolMetrics e, SymbolMetrics a, string at)
    {
        Near.Equal(e.FinalValue, a.FinalValue, at + " final_value", Relative);
        Near.Equal(e.TotalReturn, a.TotalReturn, at + " total_return", Relative);
        Near.Equal(e.TotalReturnPct, a.TotalReturnPct, at + " total_return_pct", Relative);
        Assert.Equal(e.Trades, a.Trades);
        Assert.Equal(e.WinningTrades, a.WinningTrades);
        Assert.Equal(e.LosingTrades, a.LosingTrades);
        Near.Equal(e.WinRate, a.WinRate, at + " win_rate", Relative);
        Near.Equal(e.AvgTradeReturnPct, a.AvgTradeReturnPct, at + " avg_trade_return_pct", Relative);
        Near.Equal(e.BestTradePct, a.BestTradePct, at + " best_trade_pct", Relative);
        Near.Equal(e.WorstTradePct, a.WorstTradePct, at + " worst_trade_pct", Relative);
        Assert.True(e.ProfitFactor.HasValue == a.ProfitFactor.HasValue, $"{at} profit_factor: expected {e.ProfitFactor}, got {a.ProfitFactor}");
        if (e.ProfitFactor is { } pf) Near.Equal(pf, a.ProfitFactor!.Value, at + " profit_factor", Relative);
        Near.Equal(e.SharpeRatio, a.SharpeRatio, at + " sharpe_ratio", Relative);
        Near.Equal(e.SortinoRatio, a.SortinoRatio, at + " sortino_ratio", Relative);
        Near.Equal(e.MaxDrawdown, a.MaxDrawdown, at + " max_drawdown", Relative);
        Near.Equal(e.MaxDrawdownPct, a.MaxDrawdownPct, at + " max_drawdown_pct", Relative);
        Near.Equal(e.ExposurePct, a.ExposurePct, at + " exposure_pct", Relative);
        Near.Equal(e.BuyHoldReturnPct, a.BuyHoldReturnPct, at + " buy_hold_return_pct", Relative);
        SameOptional(e.CagrPct, a.CagrPct, at + " cagr_pct");
        Near.Equal(e.VolatilityAnnPct, a.VolatilityAnnPct, at + " volatility_ann_pct", Relative);
        SameOptional(e.CalmarRatio, a.CalmarRatio, at + " calmar_ratio");
        Assert.True(e.MaxDrawdownBars == a.MaxDrawdownBars, $"{at} max_drawdown_bars: expected {e.MaxDrawdownBars}, got {a.MaxDrawdownBars}");
        SameOptional(e.Sqn, a.Sqn, at + " sqn");
        Near.Equal(e.AvgTradePnl, a.AvgTradePnl, at + " avg_trade_pnl", Relative);
        Near.Equal(e.AvgTradeBars, a.AvgTradeBars, at + " avg_trade_bars", Relative);
        Assert.Equal(e.MaxTradeBars, a.MaxTradeBars);
        Assert.Equal(e.LongTrades, a.LongTrades);
        Assert.Equal(e.ShortTrades, a.ShortTrades);
        Assert.Equal(e.PeriodsPerYear, a.PeriodsPerYear);
    }

    private static void SameOptional(double? e, double? a, string what)
    {
        Assert.True(e.HasValue == a.HasValue, $"{what}: expected {e}, got {a}");
        if (e is { } value) Near.Equal(value, a!.Value, what, Relative);
    }

    public static void Same(SymbolResult expected, SymbolResult actual, string at)
    {
        Assert.Equal(expected.Symbol, actual.Symbol);
        Assert.Equal(expected.Bars, actual.Bars);
        SameTrades(expected.Trades, actual.Trades, at);
        SameMetrics(expected.Metrics, actual.Metrics, at);
        Assert.True(expected.UnaffordableEntries == actual.UnaffordableEntries,
            $"{at} unaffordable_entries: expected {expected.UnaffordableEntries}, got {actual.UnaffordableEntries}");
    }

    /// <summary>Trade lists equal in what the f32 contract compares: bars, shares and reasons.</summary>
    public static bool SameDecisions(IReadOnlyList<Trade> expected, IReadOnlyList<Trade> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p =>
            p.First.EntryBar == p.Second.EntryBar && p.First.ExitBar == p.Second.ExitBar &&
            p.First.Shares == p.Second.Shares && p.First.Reason == p.Second.Reason);
}
