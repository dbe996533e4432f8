using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Results;
using Backtest.Simulation;
using Xunit;

namespace Backtest.Tests.Results;

public class CsvWriterTests
{
    private static string[] Lines(Action<TextWriter> write)
    {
        using var w = new StringWriter();
        write(w);
        string text = w.ToString();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        return text[..^1].Split('\n');
    }

    [Fact]
    public void Summary_csv_has_the_spec_header_and_one_row_per_symbol()
    {
        var lines = Lines(w => SummaryCsvWriter.Write(w, TestReports.OneTrade()));
        Assert.Equal("symbol,return_pct,trades,win_rate,sharpe_ratio,max_drawdown_pct", lines[0]);
        Assert.Equal("AAA,123456789.12345679,1,100,1.25,0.0125", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public void Trades_csv_has_the_spec_header_and_the_exact_row_of_a_hand_made_trade()
    {
        var lines = Lines(w => TradesCsvWriter.Write(w, TestReports.OneTrade()));
        Assert.Equal("symbol,side,entry_time,exit_time,entry_price,exit_price,shares,pnl,return_pct,exit_reason", lines[0]);
        // Bought at bar 2 (14:30 + 2 min), sold at bar 7; 40 × (107.25 − 102.5) − 2 × 1 = 188; 100 × 188 / 4100.
        Assert.Equal("AAA,long,2024-01-02T14:32:00Z,2024-01-02T14:37:00Z,102.5,107.25,40,188,4.585365853658536,take_profit", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public void A_short_trade_row_says_short_and_its_positive_share_count()
    {
        // Sold short 40 at 107.25 (bar 2), covered at 102.5 (bar 7): 40 × (107.25 − 102.5) − 2 × 1 = 188; 100 × 188 / 4290.
        var series = TestReports.Series("AAA", 10);
        var trade = new Trade(2, 7, 107.25, 102.5, 40, 188.0, 4.382284382284382, ExitReason.Signal, TradeSide.Short);
        var result = new SymbolResult("AAA", 10, new SymbolMetrics { Trades = 1, ShortTrades = 1 }, [trade]);
        var lines = Lines(w => TradesCsvWriter.Write(w, TestReports.Report([new SymbolReport(series, result)])));
        Assert.Equal("AAA,short,2024-01-02T14:32:00Z,2024-01-02T14:37:00Z,107.25,102.5,40,188,4.382284382284382,signal", lines[1]);
    }

    [Fact]
    public void Numbers_round_trip_through_the_csv_text()
    {
        foreach (double v in new[] { 0.1 + 0.2, 1e-300, 123456789.123456789, -1.0 / 3 })
            Assert.Equal(v, double.Parse(ResultText.Number(v), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("BRK.B", "BRK.B")]
    [InlineData("A,B", "\"A,B\"")]
    [InlineData("A\"B", "\"A\"\"B\"")]
    [InlineData("A\nB", "\"A\nB\"")]
    public void Symbol_fields_are_quoted_as_rfc_4180_asks(string symbol, string field)
        => Assert.Equal(field, ResultText.CsvField(symbol));

    [Fact]
    public void A_symbol_with_a_comma_is_quoted_in_both_files()
    {
        var series = TestReports.Series("A,B", 10);
        var report = TestReports.Report([new SymbolReport(series, TestReports.WithReturn("A,B", 10, 1))]);
        Assert.StartsWith("\"A,B\",1,", Lines(w => SummaryCsvWriter.Write(w, report))[1], StringComparison.Ordinal);
    }

    [Fact]
    public void No_trades_gives_the_header_alone()
    {
        var report = TestReports.Report([new SymbolReport(TestReports.Series("AAA", 3), TestReports.Flat("AAA", 3))]);
        Assert.Single(Lines(w => TradesCsvWriter.Write(w, report)));
    }
}
