using System.Text.Json.Nodes;
using Backtest.Data;
using Backtest.Data.Gaps;
using Backtest.Data.Sources;
using Backtest.Engines;
using Backtest.Results;
using Backtest.Runs;
using Backtest.Tests.Data;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Gaps;

/// <summary>
/// A run over a series that jumps 31 days (<see cref="GapBars"/>): the gap is reported in results.json and on the
/// console; by default the position is held across it, with --split-at-gaps each side is its own series whose
/// position is sold at its last bar (reason end). Trades are worked by hand in <see cref="GapBars"/>.
/// </summary>
public sealed class GapRunTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LoadResult Load(params BarSeries[] series) => new()
    {
        Series = series,
        Issues = [],
        Stats = [],
        Skipped = [],
        Source = "hand-made",
    };

    private static RunOutcome Run(GapPolicy gaps, params BarSeries[] series) => BacktestRunService.Run(new RunRequest
    {
        Load = Load(series),
        Parameters = GapBars.Trend.Execution,
        Strategy = GapBars.Trend.Instance,
        Engine = new ReferenceEngine(),
        Gaps = gaps,
    }, Ct);

    private static JsonObject Json(RunReport report)
    {
        using var stream = new MemoryStream();
        ResultsJsonWriter.Write(stream, report);
        return JsonNode.Parse(stream.ToArray())!.AsObject();
    }

    [Fact]
    public void By_default_the_gap_is_reported_and_the_position_is_held_across_it()
    {
        var outcome = Run(GapPolicy.Default, GapBars.Series());
        var s = Assert.Single(outcome.Report.Symbols);
        Assert.Equal("GAP", s.Symbol);
        GapBars.AssertTrades(GapBars.WholeTrades, s.Result.Trades);
        Assert.Equal(GapBars.WholeFinal, s.Result.Metrics.FinalValue, 9);

        var gaps = Json(outcome.Report)["load"]!["gaps"]!;
        Assert.Equal("4d", (string?)gaps["max_gap"]);
        Assert.False((bool)gaps["split_at_gaps"]!);
        Assert.Equal(1, (int)gaps["count"]!);
        var symbol = gaps["symbols"]!.AsArray().Single()!;
        Assert.Equal("GAP", (string?)symbol["symbol"]);
        Assert.Equal(1, (int)symbol["segments"]!);
        var gap = symbol["gaps"]!.AsArray().Single()!;
        Assert.Equal("2024-01-06T00:00:00Z", (string?)gap["from"]);
        Assert.Equal("2024-02-06T00:00:00Z", (string?)gap["to"]);
        Assert.Equal(31.0, (double)gap["days"]!);
    }

    [Fact]
    public void Split_at_gaps_each_side_is_its_own_symbol_and_the_position_is_sold_at_the_last_bar_before_the_gap()
    {
        var outcome = Run(GapPolicy.Default with { Split = true }, GapBars.Series(), GapBars.Series("OTHER").Slice(0, 3));
        Assert.True(outcome.Succeeded, outcome.FailureReason);
        var symbols = outcome.Report.Symbols;
        Assert.Equal(["GAP#1", "GAP#2", "OTHER"], symbols.Select(s => s.Symbol));
        GapBars.AssertTrades([GapBars.FirstSegmentTrade], symbols[0].Result.Trades);
        GapBars.AssertTrades([GapBars.SecondSegmentTrade], symbols[1].Result.Trades);
        Assert.Equal(GapBars.FirstSegmentFinal, symbols[0].Result.Metrics.FinalValue, 9);
        Assert.Equal(GapBars.SecondSegmentFinal, symbols[1].Result.Metrics.FinalValue, 9);
        // Each segment's times are its own bars: the first ends before the gap, the second starts after it.
        Assert.Equal(Bars.StartMs + 5 * Bars.DayMs, symbols[0].End);
        Assert.Equal(Bars.StartMs + 36 * Bars.DayMs, symbols[1].Start);
        // The summary counts segments as symbols: 3 backtested, 12 + 3 bars.
        Assert.Equal(3, outcome.Report.Run.Symbols);
        Assert.Equal(15, outcome.Report.Run.Bars);
        Assert.Equal(3, outcome.Report.Summary.Symbols);

        var gaps = Json(outcome.Report)["load"]!["gaps"]!;
        Assert.True((bool)gaps["split_at_gaps"]!);
        Assert.Equal(2, (int)gaps["symbols"]!.AsArray().Single()!["segments"]!);
    }

    [Fact]
    public void Split_at_gaps_with_next_open_fills_an_entry_filled_at_the_last_bars_open_is_sold_at_its_close()
    {
        // Flat bars, so each open is its close. GAP#1: close 1 rose → buy at open 2 = 12, floor(1000/12) = 83, cost 996;
        // the last bar 5 sells at 15 (end): pnl 83·3 = 249, 25%. GAP#2: close 3 rose (29 over 28) → buy at open 4 = 30,
        // floor(1000/30) = 33, cost 990; close 4 rose too (no decision while long but to hold); the last bar 5 sells
        // at 27 (end): pnl −99, −10%.
        var outcome = BacktestRunService.Run(new RunRequest
        {
            Load = Load(GapBars.Series()),
            Parameters = GapBars.Trend.Execution with { Fill = Backtest.Strategy.FillMode.NextOpen },
            Strategy = GapBars.Trend.Instance,
            Engine = new ReferenceEngine(),
            Gaps = GapPolicy.Default with { Split = true },
        }, Ct);
        var symbols = outcome.Report.Symbols;
        GapBars.AssertTrades([new(2, 5, 12, 15, 83, 249, 25, Backtest.Simulation.ExitReason.End)], symbols[0].Result.Trades);
        GapBars.AssertTrades([new(4, 5, 30, 27, 33, -99, -10, Backtest.Simulation.ExitReason.End)], symbols[1].Result.Trades);
    }

    [Fact]
    public void A_segment_too_short_for_the_warm_up_is_skipped_under_its_segment_name()
    {
        // Bars 0..5, then 2 bars after the gap: GAP#2 has 2 bars, the strategy needs 3.
        var whole = GapBars.Series();
        var outcome = Run(GapPolicy.Default with { Split = true }, whole.Slice(0, 8));
        Assert.Equal("GAP#1", Assert.Single(outcome.Report.Symbols).Symbol);
        var skipped = Assert.Single(outcome.Report.Skipped);
        Assert.Equal("GAP#2", skipped.Symbol);
        Assert.Equal(BacktestRunService.TooFewBars(2, 3), skipped.Reason);
    }

    [Fact]
    public void A_max_gap_longer_than_the_jump_finds_no_gap()
    {
        var outcome = Run(new GapPolicy(32 * Bars.DayMs, Split: true), GapBars.Series());
        Assert.Equal("GAP", Assert.Single(outcome.Report.Symbols).Symbol);
        Assert.Equal(0, outcome.Report.Load.Gaps!.Count);
        Assert.Equal(0, (int)Json(outcome.Report)["load"]!["gaps"]!["count"]!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_run_in_batches_finds_and_splits_the_same_gaps_as_the_whole_run(bool split)
    {
        var csv = Path.Combine(_dir.Path, "csv");
        var other = GapBars.Series("FLAT");
        TestBars.WriteCsv(csv, [GapBars.Series("A"), other.Slice(0, 6, "FLAT"), GapBars.Series("Z")]);
        var request = new LoadRequest { Path = csv };
        var policy = GapPolicy.Default with { Split = split };
        var whole = BacktestRunService.Run(new RunRequest
        {
            Load = BarLoader.Load(request, Ct), Parameters = GapBars.Trend.Execution, Strategy = GapBars.Trend.Instance, Engine = new ReferenceEngine(), Gaps = policy,
        }, Ct);
        using var source = new FileBarSource(csv);
        var (batched, stats) = BatchedRunService.Run(new BatchedRunRequest
        {
            Source = source, Load = request, Parameters = GapBars.Trend.Execution, Strategy = GapBars.Trend.Instance, Engine = new ReferenceEngine(), Gaps = policy, BatchSize = 1,
        }, Ct);
        Assert.Equal(3, stats.Batches);
        string[] expected = split ? ["A#1", "A#2", "FLAT", "Z#1", "Z#2"] : ["A", "FLAT", "Z"];
        Assert.Equal(expected, batched.Report.Symbols.Select(s => s.Symbol));
        Assert.Equal(Comparable(whole.Report), Comparable(batched.Report));
        Assert.Equal(2, batched.Report.Load.Gaps!.Count);
    }

    [Fact]
    public void The_console_says_how_many_gaps_what_was_done_and_lists_the_longest_five()
    {
        var policy = new GapPolicy(Bars.DayMs, Split: false);
        var symbols = Enumerable.Range(1, 7)
            .Select(i => new SymbolGaps($"S{i}", [new SeriesGap(Bars.StartMs, Bars.StartMs + (i + 1) * Bars.DayMs)], 1))
            .ToArray();
        var report = TestReportWith(new GapReport(policy, symbols));
        using var w = new StringWriter();
        ConsoleReportWriter.WriteLoadAccount(w, report);
        string[] lines = w.ToString().Split('\n', StringSplitOptions.TrimEntries);
        int at = Array.FindIndex(lines, l => l.StartsWith("Gaps longer than", StringComparison.Ordinal));
        Assert.Equal("Gaps longer than 1d: 7 in 7 symbols; positions are held across them; --split-at-gaps backtests each side on its own", lines[at]);
        Assert.Equal("S7: 2024-01-01T00:00:00Z .. 2024-01-09T00:00:00Z (8.0 days)", lines[at + 1]);
        Assert.Equal("S6: 2024-01-01T00:00:00Z .. 2024-01-08T00:00:00Z (7.0 days)", lines[at + 2]);
        Assert.Equal("S3: 2024-01-01T00:00:00Z .. 2024-01-05T00:00:00Z (4.0 days)", lines[at + 5]);
        Assert.Equal("... and 2 more in results.json", lines[at + 6]);
    }

    [Fact]
    public void The_console_says_nothing_of_gaps_when_there_is_none()
    {
        using var w = new StringWriter();
        ConsoleReportWriter.WriteLoadAccount(w, TestReportWith(new GapReport(GapPolicy.Default, [])));
        Assert.DoesNotContain("Gaps", w.ToString(), StringComparison.Ordinal);
    }

    private static RunReport TestReportWith(GapReport gaps) =>
        Run(GapPolicy.Default, GapBars.Series()).Report with { Load = LoadAccount.None with { Gaps = gaps } };

    private static string Comparable(RunReport report)
    {
        var root = Json(report);
        root["run"]!.AsObject().Remove("elapsed_ms");
        root["run"]!.AsObject().Remove("bars_per_second");
        root["run"]!.AsObject().Remove("data");
        return root.ToJsonString();
    }
}
