using System.Text.Json;
using Backtest.Data;
using Backtest.Results;
using Xunit;

namespace Backtest.Tests.Results;

public class ResultsJsonWriterTests
{
    private static JsonElement Write(RunReport report)
    {
        using var stream = new MemoryStream();
        ResultsJsonWriter.Write(stream, report);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private static string[] Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void Top_level_holds_the_spec_sections_in_order()
    {
        var root = Write(TestReports.OneTrade());
        Assert.Equal(["run", "symbols", "summary", "skipped", "unaffordable", "load"], Names(root));
    }

    [Fact]
    public void Run_object_has_every_spec_field_with_its_value()
    {
        var run = Write(TestReports.OneTrade()).GetProperty("run");
        Assert.Equal(["engine", "precision", "strategy", "parameters", "symbols", "bars", "elapsed_ms", "bars_per_second", "data", "window"], Names(run));
        Assert.Equal(["name", "sha256"], Names(run.GetProperty("strategy")));
        Assert.Equal("s3", run.GetProperty("strategy").GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Backtest.Strategies.Library.StrategyLibrary.Source("s3")!)),
            run.GetProperty("strategy").GetProperty("sha256").GetString());
        Assert.Equal("reference", run.GetProperty("engine").GetString());
        Assert.Equal("f64", run.GetProperty("precision").GetString());
        Assert.Equal(1, run.GetProperty("symbols").GetInt32());
        Assert.Equal(10, run.GetProperty("bars").GetInt64());
        Assert.Equal(2.5, run.GetProperty("elapsed_ms").GetDouble());
        Assert.Equal(1200, run.GetProperty("bars_per_second").GetDouble());
        Assert.Equal("/data/bars", run.GetProperty("data").GetString());
        Assert.Equal("2024-01-02T14:30:00Z", run.GetProperty("window").GetProperty("start").GetString());
        Assert.Equal("2024-01-02T14:39:00Z", run.GetProperty("window").GetProperty("end").GetString());
    }

    [Fact]
    public void Parameters_are_every_parameter_by_its_snake_case_name()
    {
        var p = Write(TestReports.OneTrade()).GetProperty("run").GetProperty("parameters");
        Assert.Equal(
            ["sma_fast", "sma_slow", "rsi_period", "rsi_low", "rsi_high", "bb_period", "bb_k", "macd_fast", "macd_slow", "macd_signal",
             "w_trend", "w_rsi", "w_bb", "w_macd", "threshold", "capital", "position_size", "fee_fixed", "fee_bps", "slippage_bps",
             "fill", "stop_loss_pct", "take_profit_pct", "max_hold_bars", "periods_per_year"],
            Names(p));
        Assert.Equal(20, p.GetProperty("sma_fast").GetInt32());
        Assert.Equal(50, p.GetProperty("sma_slow").GetInt32());
        Assert.Equal(14, p.GetProperty("rsi_period").GetInt32());
        Assert.Equal(30, p.GetProperty("rsi_low").GetDouble());
        Assert.Equal(70, p.GetProperty("rsi_high").GetDouble());
        Assert.Equal(20, p.GetProperty("bb_period").GetInt32());
        Assert.Equal(2, p.GetProperty("bb_k").GetDouble());
        Assert.Equal(12, p.GetProperty("macd_fast").GetInt32());
        Assert.Equal(26, p.GetProperty("macd_slow").GetInt32());
        Assert.Equal(9, p.GetProperty("macd_signal").GetInt32());
        Assert.Equal(3, p.GetProperty("w_trend").GetInt32());
        Assert.Equal(4, p.GetProperty("w_rsi").GetInt32());
        Assert.Equal(3, p.GetProperty("w_bb").GetInt32());
        Assert.Equal(2, p.GetProperty("w_macd").GetInt32());
        Assert.Equal(6, p.GetProperty("threshold").GetDouble());
        Assert.Equal(100_000, p.GetProperty("capital").GetDouble());
        Assert.Equal(0.05, p.GetProperty("position_size").GetDouble());
        Assert.Equal(1.0, p.GetProperty("fee_fixed").GetDouble());
        Assert.Equal(0, p.GetProperty("fee_bps").GetDouble());
        Assert.Equal(0, p.GetProperty("slippage_bps").GetDouble());
        Assert.Equal("next-open", p.GetProperty("fill").GetString());
        Assert.Equal(0, p.GetProperty("stop_loss_pct").GetDouble());
        Assert.Equal(0, p.GetProperty("take_profit_pct").GetDouble());
        Assert.Equal(0, p.GetProperty("max_hold_bars").GetInt32());
        Assert.Equal(JsonValueKind.Null, p.GetProperty("periods_per_year").ValueKind);
    }

    [Fact]
    public void Given_parameters_are_written_as_given()
    {
        var report = TestReports.OneTrade();
        report = report with
        {
            Run = report.Run with
            {
                Parameters = report.Run.Parameters with { Fill = Backtest.Strategy.FillMode.Close, PeriodsPerYear = 252, StopLossPct = 2.5 },
            },
        };
        var p = Write(report).GetProperty("run").GetProperty("parameters");
        Assert.Equal("close", p.GetProperty("fill").GetString());
        Assert.Equal(252, p.GetProperty("periods_per_year").GetDouble());
        Assert.Equal(2.5, p.GetProperty("stop_loss_pct").GetDouble());
    }

    [Fact]
    public void Symbol_object_has_every_spec_field_with_its_value()
    {
        var s = Assert.Single(Write(TestReports.OneTrade()).GetProperty("symbols").EnumerateArray());
        Assert.Equal(
            ["symbol", "bars", "start", "end", "final_value", "total_return", "total_return_pct", "trades", "winning_trades",
             "losing_trades", "win_rate", "avg_trade_return_pct", "best_trade_pct", "worst_trade_pct", "profit_factor",
             "sharpe_ratio", "sortino_ratio", "max_drawdown", "max_drawdown_pct", "exposure_pct",
             "buy_hold_return_pct", "cagr_pct", "volatility_ann_pct", "calmar_ratio", "max_drawdown_bars", "sqn",
             "avg_trade_pnl", "avg_trade_bars", "max_trade_bars", "long_trades", "short_trades", "periods_per_year",
             "unaffordable_entries"],
            Names(s));
        Assert.Equal("AAA", s.GetProperty("symbol").GetString());
        Assert.Equal(10, s.GetProperty("bars").GetInt32());
        Assert.Equal("2024-01-02T14:30:00Z", s.GetProperty("start").GetString());
        Assert.Equal("2024-01-02T14:39:00Z", s.GetProperty("end").GetString());
        Assert.Equal(0.1 + 0.2, s.GetProperty("final_value").GetDouble());
        Assert.Equal(1e-300, s.GetProperty("total_return").GetDouble());
        Assert.Equal(123456789.123456789, s.GetProperty("total_return_pct").GetDouble());
        Assert.Equal(1, s.GetProperty("trades").GetInt32());
        Assert.Equal(1, s.GetProperty("winning_trades").GetInt32());
        Assert.Equal(0, s.GetProperty("losing_trades").GetInt32());
        Assert.Equal(100, s.GetProperty("win_rate").GetDouble());
        Assert.Equal(4.585365853658536, s.GetProperty("avg_trade_return_pct").GetDouble());
        Assert.Equal(4.585365853658536, s.GetProperty("best_trade_pct").GetDouble());
        Assert.Equal(4.585365853658536, s.GetProperty("worst_trade_pct").GetDouble());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("profit_factor").ValueKind);
        Assert.Equal(1.25, s.GetProperty("sharpe_ratio").GetDouble());
        Assert.Equal(2.5, s.GetProperty("sortino_ratio").GetDouble());
        Assert.Equal(12.75, s.GetProperty("max_drawdown").GetDouble());
        Assert.Equal(0.0125, s.GetProperty("max_drawdown_pct").GetDouble());
        Assert.Equal(50, s.GetProperty("exposure_pct").GetDouble());
        Assert.Equal(3.5, s.GetProperty("buy_hold_return_pct").GetDouble());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("cagr_pct").ValueKind);
        Assert.Equal(20.5, s.GetProperty("volatility_ann_pct").GetDouble());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("calmar_ratio").ValueKind);
        Assert.Equal(3, s.GetProperty("max_drawdown_bars").GetInt32());
        Assert.Equal(JsonValueKind.Null, s.GetProperty("sqn").ValueKind);
        Assert.Equal(188, s.GetProperty("avg_trade_pnl").GetDouble());
        Assert.Equal(5, s.GetProperty("avg_trade_bars").GetDouble());
        Assert.Equal(5, s.GetProperty("max_trade_bars").GetInt32());
        Assert.Equal(1, s.GetProperty("long_trades").GetInt32());
        Assert.Equal(0, s.GetProperty("short_trades").GetInt32());
        Assert.Equal(98_280, s.GetProperty("periods_per_year").GetDouble());
        Assert.Equal(0, s.GetProperty("unaffordable_entries").GetInt32());
    }

    [Fact]
    public void Symbols_with_entries_their_budget_could_not_fill_are_listed_with_their_counts()
    {
        var symbols = new[]
        {
            new SymbolReport(TestReports.Series("NVR", 3), TestReports.Flat("NVR", 3) with { UnaffordableEntries = 14 }),
            new SymbolReport(TestReports.Series("AAA", 3), TestReports.WithReturn("AAA", 3, 5, trades: 2)),
            new SymbolReport(TestReports.Series("BRK", 3), TestReports.WithReturn("BRK", 3, 1, trades: 1) with { UnaffordableEntries = 1 }),
        };
        var root = Write(TestReports.Report(symbols));
        Assert.Equal([14, 0, 1], root.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("unaffordable_entries").GetInt32()));
        var listed = root.GetProperty("unaffordable").EnumerateArray().ToArray();
        Assert.Equal(["NVR", "BRK"], listed.Select(e => e.GetProperty("symbol").GetString()));
        Assert.Equal([14, 1], listed.Select(e => e.GetProperty("entries").GetInt32()));
        Assert.Equal([0, 1], listed.Select(e => e.GetProperty("trades").GetInt32()));
        Assert.Equal(["symbol", "entries", "trades"], Names(listed[0]));
    }

    [Fact]
    public void Profit_factor_is_a_number_when_a_trade_lost()
    {
        var report = TestReports.OneTrade();
        var s = report.Symbols[0];
        var result = s.Result with { Metrics = s.Result.Metrics with { ProfitFactor = 1.5 } };
        var json = Write(report with { Symbols = [new SymbolReport(s.Series!, result)] });
        Assert.Equal(1.5, json.GetProperty("symbols")[0].GetProperty("profit_factor").GetDouble());
    }

    [Theory]
    [InlineData(0.30000000000000004)]
    [InlineData(1e-300)]
    [InlineData(123456789.123456789)]
    [InlineData(double.Epsilon)]
    [InlineData(double.MaxValue)]
    [InlineData(-0.1)]
    [InlineData(1.0 / 3.0)]
    public void Doubles_round_trip_bit_exactly(double value)
    {
        var report = TestReports.OneTrade();
        var s = report.Symbols[0];
        var result = s.Result with { Metrics = s.Result.Metrics with { SharpeRatio = value } };
        var json = Write(report with { Symbols = [new SymbolReport(s.Series!, result)] });
        double back = json.GetProperty("symbols")[0].GetProperty("sharpe_ratio").GetDouble();
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(back));
    }

    [Fact]
    public void Non_finite_numbers_are_written_as_null_not_as_broken_json()
    {
        var report = TestReports.OneTrade();
        var s = report.Symbols[0];
        var result = s.Result with { Metrics = s.Result.Metrics with { SortinoRatio = double.NaN, SharpeRatio = double.PositiveInfinity } };
        var json = Write(report with { Symbols = [new SymbolReport(s.Series!, result)] }).GetProperty("symbols")[0];
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sortino_ratio").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("sharpe_ratio").ValueKind);
    }

    [Fact]
    public void Summary_has_every_spec_field_and_entries_hold_symbol_return_trades_sharpe()
    {
        var symbols = new[]
        {
            new SymbolReport(TestReports.Series("AAA", 3), TestReports.WithReturn("AAA", 3, 5, trades: 2, sharpe: 1.5)),
            new SymbolReport(TestReports.Series("BBB", 3), TestReports.WithReturn("BBB", 3, -1)),
        };
        var summary = Write(TestReports.Report(symbols)).GetProperty("summary");
        Assert.Equal(
            ["symbols", "profitable", "profitable_pct", "average_return_pct", "median_return_pct", "best_return_pct", "worst_return_pct", "top", "bottom"],
            Names(summary));
        Assert.Equal(2, summary.GetProperty("symbols").GetInt32());
        Assert.Equal(1, summary.GetProperty("profitable").GetInt32());
        Assert.Equal(50, summary.GetProperty("profitable_pct").GetDouble());
        Assert.Equal(2, summary.GetProperty("average_return_pct").GetDouble());
        Assert.Equal(2, summary.GetProperty("median_return_pct").GetDouble());
        Assert.Equal(5, summary.GetProperty("best_return_pct").GetDouble());
        Assert.Equal(-1, summary.GetProperty("worst_return_pct").GetDouble());
        var top = summary.GetProperty("top");
        Assert.Equal(["AAA"], top.EnumerateArray().Select(e => e.GetProperty("symbol").GetString()));
        Assert.Equal(["symbol", "total_return_pct", "trades", "sharpe_ratio"], Names(top[0]));
        Assert.Equal(5, top[0].GetProperty("total_return_pct").GetDouble());
        Assert.Equal(2, top[0].GetProperty("trades").GetInt32());
        Assert.Equal(1.5, top[0].GetProperty("sharpe_ratio").GetDouble());
        Assert.Equal(["BBB"], summary.GetProperty("bottom").EnumerateArray().Select(e => e.GetProperty("symbol").GetString()));
    }

    [Fact]
    public void Skipped_lists_symbol_and_reason_and_load_counts_issues()
    {
        var report = TestReports.OneTrade() with
        {
            Load = new LoadAccount(3, 2, [new LoadIssue("a.csv", 7, "AAA", "high below close")]),
        };
        var root = Write(report);
        var skipped = Assert.Single(root.GetProperty("skipped").EnumerateArray());
        Assert.Equal(["symbol", "reason"], Names(skipped));
        Assert.Equal("BBB", skipped.GetProperty("symbol").GetString());
        Assert.Equal("too few bars for the warm-up: 37 bars, at least 51 needed", skipped.GetProperty("reason").GetString());
        var load = root.GetProperty("load");
        Assert.Equal(3, load.GetProperty("invalid_rows").GetInt32());
        Assert.Equal(2, load.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, load.GetProperty("issues").GetInt32());
    }

    [Fact]
    public void Missing_window_bounds_are_null()
    {
        var report = TestReports.OneTrade();
        report = report with { Run = report.Run with { WindowStart = null, WindowEnd = null, BarsPerSecond = null } };
        var run = Write(report).GetProperty("run");
        Assert.Equal(JsonValueKind.Null, run.GetProperty("window").GetProperty("start").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("window").GetProperty("end").ValueKind);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("bars_per_second").ValueKind);
    }
}
