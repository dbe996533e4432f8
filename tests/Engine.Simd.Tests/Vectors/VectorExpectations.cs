using System.Text.Json;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Simulation;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Vectors;

/// <summary>
/// What matching a worked case means (shared/spec/vectors/README.md): the same trades (side, times, shares, reasons
/// exactly; prices, pnl and return_pct within 1e-9 relative) and every metric the case lists within 1e-9 relative.
/// </summary>
internal static class VectorExpectations
{
    public static void SameTrades(string caseName, string symbol, BarSeries series, IReadOnlyList<Trade> actual)
    {
        var expected = SpecVectors.Trades(caseName, symbol);
        // Report the first differing trade rather than only the counts.
        int common = Math.Min(expected.Count, actual.Count);
        for (int i = 0; i < common; i++)
        {
            var e = expected[i];
            var a = actual[i];
            string at = $"{caseName}/{symbol} trade {i}";
            Assert.True(e.Side == a.Side.ToSpecName(), $"{at}: side {e.Side} expected, got {a.Side.ToSpecName()}");
            Assert.True(e.EntryTime == UnixTime.ToIso(series.Times[a.EntryBar]),
                $"{at}: entry {e.EntryTime} expected, got {UnixTime.ToIso(series.Times[a.EntryBar])} (bar {a.EntryBar})");
            Assert.True(e.ExitTime == UnixTime.ToIso(series.Times[a.ExitBar]),
                $"{at}: exit {e.ExitTime} expected, got {UnixTime.ToIso(series.Times[a.ExitBar])} (bar {a.ExitBar})");
            Assert.True(e.Shares == a.Shares, $"{at}: shares {e.Shares} expected, got {a.Shares}");
            Assert.True(e.Reason == a.Reason.ToSpecName(), $"{at}: reason {e.Reason} expected, got {a.Reason.ToSpecName()}");
            Near.Equal(e.EntryPrice, a.EntryPrice, at + " entry_price");
            Near.Equal(e.ExitPrice, a.ExitPrice, at + " exit_price");
            Near.Equal(e.Pnl, a.Pnl, at + " pnl");
            Near.Equal(e.ReturnPct, a.ReturnPct, at + " return_pct");
        }

        Assert.True(expected.Count == actual.Count, $"{caseName}/{symbol}: {expected.Count} trades expected, got {actual.Count}");
    }

    /// <summary>Every metric of the case's symbol entry; the 2.0 metrics where the case lists them.</summary>
    public static void SameMetrics(string caseName, string symbol, BarSeries series, SymbolResult r)
    {
        var e = SpecVectors.ExpectedSymbol(caseName, symbol);
        var m = r.Metrics;
        string at = $"{caseName}/{symbol}";

        Assert.Equal(e.GetProperty("bars").GetInt32(), series.Count);
        Assert.Equal(e.GetProperty("bars").GetInt32(), r.Bars);
        Assert.Equal(e.GetProperty("start").GetString(), UnixTime.ToIso(series.Times[0]));
        Assert.Equal(e.GetProperty("end").GetString(), UnixTime.ToIso(series.Times[^1]));

        void Num(string name, double actual) => Near.Equal(e.GetProperty(name).GetDouble(), actual, $"{at} {name}");
        void Int(string name, int actual) => Assert.True(e.GetProperty(name).GetInt32() == actual, $"{at} {name}: expected {e.GetProperty(name).GetInt32()}, got {actual}");
        void Nullable(string name, double? actual)
        {
            var v = e.GetProperty(name);
            if (v.ValueKind == JsonValueKind.Null)
            {
                Assert.True(actual is null, $"{at} {name}: expected null, got {actual}");
                return;
            }
            Assert.True(actual.HasValue, $"{at} {name}: expected {v.GetDouble():R}, got null");
            Near.Equal(v.GetDouble(), actual!.Value, $"{at} {name}");
        }

        if (e.TryGetProperty("periods_per_year", out _)) Num("periods_per_year", m.PeriodsPerYear);
        Num("final_value", m.FinalValue);
        Num("total_return", m.TotalReturn);
        Num("total_return_pct", m.TotalReturnPct);
        Int("trades", m.Trades);
        Int("winning_trades", m.WinningTrades);
        Int("losing_trades", m.LosingTrades);
        Num("win_rate", m.WinRate);
        Num("avg_trade_return_pct", m.AvgTradeReturnPct);
        Num("best_trade_pct", m.BestTradePct);
        Num("worst_trade_pct", m.WorstTradePct);
        Nullable("profit_factor", m.ProfitFactor);
        Num("sharpe_ratio", m.SharpeRatio);
        Num("sortino_ratio", m.SortinoRatio);
        Num("max_drawdown", m.MaxDrawdown);
        Num("max_drawdown_pct", m.MaxDrawdownPct);
        Num("exposure_pct", m.ExposurePct);

        if (!e.TryGetProperty("buy_hold_return_pct", out _)) return; // a 1.1-era case: no further metrics
        Num("buy_hold_return_pct", m.BuyHoldReturnPct);
        Nullable("cagr_pct", m.CagrPct);
        Num("volatility_ann_pct", m.VolatilityAnnPct);
        Nullable("calmar_ratio", m.CalmarRatio);
        Nullable("max_drawdown_bars", m.MaxDrawdownBars);
        Nullable("sqn", m.Sqn);
        Num("avg_trade_pnl", m.AvgTradePnl);
        Num("avg_trade_bars", m.AvgTradeBars);
        Int("max_trade_bars", m.MaxTradeBars);
        Int("long_trades", m.LongTrades);
        Int("short_trades", m.ShortTrades);
    }
}
