using System.Text.Json;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Vectors;

/// <summary>
/// The spec's worked cases (shared/spec/vectors): the reference engine must give the same trades (times, shares,
/// reasons exactly; prices, pnl and return_pct within 1e-9 relative) and every metric within 1e-9 relative
/// (1e-9 absolute near 0), one theory row per case and symbol.
/// </summary>
public class SpecVectorTests
{
    public static IEnumerable<TheoryDataRow<string, string>> CasesAndSymbols() => SpecVectors.CasesAndSymbols();

    private static SymbolResult RunReference(string caseName, string symbol)
    {
        var series = SpecVectors.Load(caseName, symbol);
        var results = new ReferenceEngine().Run([series], SpecVectors.Parameters(caseName), Precision.F64, TestContext.Current.CancellationToken);
        return Assert.Single(results);
    }

    [Theory]
    [MemberData(nameof(CasesAndSymbols))]
    public void Reference_engine_reproduces_the_cases_trades(string caseName, string symbol)
    {
        var series = SpecVectors.Load(caseName, symbol);
        var result = RunReference(caseName, symbol);
        var expected = SpecVectors.Trades(caseName, symbol);
        var actual = result.Trades;

        // Report the first differing trade rather than only the counts.
        int common = Math.Min(expected.Count, actual.Count);
        for (int i = 0; i < common; i++)
        {
            var e = expected[i];
            var a = actual[i];
            string at = $"{caseName}/{symbol} trade {i}";
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

    [Theory]
    [MemberData(nameof(CasesAndSymbols))]
    public void Reference_engine_reproduces_the_cases_metrics(string caseName, string symbol)
    {
        var series = SpecVectors.Load(caseName, symbol);
        var e = SpecVectors.ExpectedSymbol(caseName, symbol);
        var r = RunReference(caseName, symbol);
        SymbolMetrics m = r.Metrics;
        string at = $"{caseName}/{symbol}";

        Assert.Equal(e.GetProperty("bars").GetInt32(), series.Count);
        Assert.Equal(e.GetProperty("bars").GetInt32(), r.Bars);
        Assert.Equal(e.GetProperty("start").GetString(), UnixTime.ToIso(series.Times[0]));
        Assert.Equal(e.GetProperty("end").GetString(), UnixTime.ToIso(series.Times[^1]));

        void Num(string name, double actual) => Near.Equal(e.GetProperty(name).GetDouble(), actual, $"{at} {name}");
        void Int(string name, int actual) => Assert.True(e.GetProperty(name).GetInt32() == actual, $"{at} {name}: expected {e.GetProperty(name).GetInt32()}, got {actual}");

        Num("periods_per_year", m.PeriodsPerYear);
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
        var pf = e.GetProperty("profit_factor");
        if (pf.ValueKind == JsonValueKind.Null)
        {
            Assert.True(m.ProfitFactor is null, $"{at} profit_factor: expected null, got {m.ProfitFactor}");
        }
        else
        {
            Assert.True(m.ProfitFactor.HasValue, $"{at} profit_factor: expected {pf.GetDouble():R}, got null");
            Near.Equal(pf.GetDouble(), m.ProfitFactor!.Value, $"{at} profit_factor");
        }

        Num("sharpe_ratio", m.SharpeRatio);
        Num("sortino_ratio", m.SortinoRatio);
        Num("max_drawdown", m.MaxDrawdown);
        Num("max_drawdown_pct", m.MaxDrawdownPct);
        Num("exposure_pct", m.ExposurePct);
    }

    [Fact]
    public void Every_case_names_the_symbols_and_parameters_the_tests_expect()
    {
        // Guards the theory above against a silently empty or misread case file.
        Assert.Equal(["AAPL", "MSFT", "XOM", "NVDA", "GE"], SpecVectors.Symbols("daily-defaults"));
        Assert.Equal(["AZO", "TPL", "NVR"], SpecVectors.Symbols("minute-tuned"));
        var p = SpecVectors.Parameters("daily-close-fill-stops");
        Assert.Equal(Backtest.Strategy.FillMode.Close, p.Fill);
        Assert.Equal(0.5, p.PositionSize);
        Assert.Equal(20, p.MaxHoldBars);
        Assert.Equal("end", ExitReason.End.ToSpecName());
        Assert.Empty(p.Validate());
        Assert.True(File.Exists(SpecVectors.DataPath("minute-defaults", "NVR")));
        Assert.True(File.Exists(SpecVectors.DataPath("daily-defaults", "AAPL")));
    }
}
