using Backtest.Data;
using Backtest.Results;
using Xunit;

namespace Backtest.Tests.Results;

public class ConsoleReportWriterTests
{
    [Fact]
    public void Load_account_lists_the_first_ten_issues_and_says_how_many_more()
    {
        var issues = Enumerable.Range(1, 13).Select(i => new LoadIssue("a.csv", i, "AAA", "bad row")).ToArray();
        var report = TestReports.OneTrade() with { Load = new LoadAccount(13, 2, issues) };
        using var w = new StringWriter();
        ConsoleReportWriter.WriteLoadAccount(w, report, "/out/load_issues.txt");
        string text = w.ToString();
        Assert.Contains("Rows not used: 13 invalid rows skipped, 2 duplicate timestamps resolved", text, StringComparison.Ordinal);
        Assert.Contains("Load issues: 13; all of them in /out/load_issues.txt", text, StringComparison.Ordinal);
        Assert.Contains("  a.csv:10: bad row", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a.csv:11:", text, StringComparison.Ordinal);
        Assert.Contains("  ... and 3 more", text, StringComparison.Ordinal);
        Assert.Contains("  BBB: too few bars for the warm-up: 37 bars, at least 51 needed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_lists_the_symbols_whose_budget_could_not_buy_one_share()
    {
        var symbols = new[]
        {
            new SymbolReport(TestReports.Series("NVR", 3), TestReports.Flat("NVR", 3) with { UnaffordableEntries = 14 }),
            new SymbolReport(TestReports.Series("AAA", 3), TestReports.WithReturn("AAA", 3, 5, trades: 2)),
        };
        using var w = new StringWriter();
        ConsoleReportWriter.WriteSummary(w, TestReports.Report(symbols));
        string text = w.ToString();
        Assert.Contains(
            "Unaffordable: 1 symbol had entry signals whose budget (5% of cash) could not buy one share; those entries were not taken\n" +
            "  NVR: 14 entry signals not filled, 0 trades\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        using var none = new StringWriter();
        ConsoleReportWriter.WriteSummary(none, TestReports.Report([symbols[1]]));
        Assert.DoesNotContain("Unaffordable", none.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_shows_counts_returns_tables_and_speed()
    {
        var symbols = new[]
        {
            new SymbolReport(TestReports.Series("AAA", 3), TestReports.WithReturn("AAA", 3, 5, trades: 2, sharpe: 1.5)),
            new SymbolReport(TestReports.Series("BBB", 3), TestReports.WithReturn("BBB", 3, -1)),
        };
        using var w = new StringWriter();
        ConsoleReportWriter.WriteSummary(w, TestReports.Report(symbols));
        string text = w.ToString();
        Assert.Contains("Backtested 2 symbols, 6 bars (reference engine, f64)", text, StringComparison.Ordinal);
        Assert.Contains("Profitable: 1 of 2 (50.0%)", text, StringComparison.Ordinal);
        Assert.Contains("Return %: average +2.00, median +2.00, best +5.00, worst -1.00", text, StringComparison.Ordinal);
        Assert.Contains("  AAA          +5.00        2      1.50", text, StringComparison.Ordinal);
        Assert.Contains("Engine time: 2.5 ms, 1,200 bars/s", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_days_window_prints_its_exclusive_start_instead_of_a_millisecond_past_it()
    {
        // --days 30 up to 2018-02-07T00:00:00Z keeps 2018-01-08T00:00:00Z < t <= 2018-02-07T00:00:00Z (spec §1); held
        // as the inclusive millisecond 2018-01-08T00:00:00.001Z.
        var start = new DateTimeOffset(2018, 1, 8, 0, 0, 0, 1, TimeSpan.Zero);
        var end = new DateTimeOffset(2018, 2, 7, 0, 0, 0, TimeSpan.Zero);
        var report = TestReports.OneTrade();
        report = report with { Run = report.Run with { WindowStart = start, WindowEnd = end } };
        using var w = new StringWriter();
        ConsoleReportWriter.WriteLoadAccount(w, report);
        Assert.Contains("Window: after 2018-01-08T00:00:00Z .. 2018-02-07T00:00:00Z\n", w.ToString().ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(".001Z", w.ToString(), StringComparison.Ordinal);

        var window = new TimeWindow(start.ToUnixTimeMilliseconds(), end.ToUnixTimeMilliseconds());
        Assert.Equal("after 2018-01-08T00:00:00Z .. 2018-02-07T00:00:00Z", window.Describe());
        Assert.Equal("2018-01-08T00:00:00Z .. +inf", new TimeWindow(start.ToUnixTimeMilliseconds() - 1, long.MaxValue).Describe());
    }
}
