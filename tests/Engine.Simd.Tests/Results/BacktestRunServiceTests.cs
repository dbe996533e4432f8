using Backtest.Data;
using Backtest.Engines;
using Backtest.Runs;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Results;

public class BacktestRunServiceTests
{
    private static LoadResult Load(params BarSeries[] series) => new()
    {
        Series = series,
        Issues = [],
        Stats = [],
        Skipped = [],
        Source = "/data/bars",
    };

    [Fact]
    public void Short_series_are_skipped_with_the_reason_and_the_rest_run()
    {
        // Defaults: W = max(49, 19, 14, 19, 26 + 9 − 2) = 49, so 51 bars are the fewest that can trade.
        Assert.Equal(51, S3Strategy.Instance().Graph.MinimumBars);
        var engine = new FakeEngine();
        var outcome = BacktestRunService.Run(new RunRequest
        {
            Load = Load(TestReports.Series("AAA", 60), TestReports.Series("BBB", 37), TestReports.Series("CCC", 51)),
            Parameters = StrategyParameters.Default,
            Engine = engine,
        }, TestContext.Current.CancellationToken);

        Assert.True(outcome.Succeeded);
        Assert.Equal(["AAA", "CCC"], engine.LastSeries!.Select(s => s.Symbol));
        var report = outcome.Report;
        Assert.Equal(["AAA", "CCC"], report.Symbols.Select(s => s.Symbol));
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("BBB", skipped.Symbol);
        Assert.Equal("too few bars for the warm-up: 37 bars, at least 51 needed", skipped.Reason);
        Assert.Equal(2, report.Run.Symbols);
        Assert.Equal(111, report.Run.Bars);
        Assert.Equal(2, report.Summary.Symbols);
        Assert.Equal("reference", report.Run.Engine);
        Assert.Equal("/data/bars", report.Run.Data);
    }

    [Fact]
    public void Symbols_the_loader_skipped_come_first_in_skipped()
    {
        var load = new LoadResult
        {
            Series = [TestReports.Series("AAA", 60), TestReports.Series("BBB", 10)],
            Issues = [],
            Stats = [],
            Skipped = [new SkippedSymbol("ZZZ", "no valid rows")],
            Source = "x",
        };
        var outcome = BacktestRunService.Run(new RunRequest { Load = load, Parameters = StrategyParameters.Default, Engine = new FakeEngine() }, TestContext.Current.CancellationToken);
        Assert.Equal(["ZZZ", "BBB"], outcome.Report.Skipped.Select(s => s.Symbol));
    }

    [Fact]
    public void All_skipped_is_a_failure_with_a_one_line_reason()
    {
        var engine = new FakeEngine();
        var outcome = BacktestRunService.Run(new RunRequest
        {
            Load = Load(TestReports.Series("AAA", 50), TestReports.Series("BBB", 3)),
            Parameters = StrategyParameters.Default,
            Engine = engine,
        }, TestContext.Current.CancellationToken);
        Assert.False(outcome.Succeeded);
        Assert.Null(engine.LastSeries);
        Assert.Equal(
            "no symbol could be backtested: all 2 were skipped; AAA: too few bars for the warm-up: 50 bars, at least 51 needed (and 1 more)",
            outcome.FailureReason);
        Assert.DoesNotContain('\n', outcome.FailureReason!);
        Assert.Empty(outcome.Report.Symbols);
        Assert.Equal(2, outcome.Report.Skipped.Count);
    }

    [Fact]
    public void Nothing_loaded_is_a_failure()
    {
        var outcome = BacktestRunService.Run(new RunRequest { Load = Load(), Parameters = StrategyParameters.Default, Engine = new FakeEngine() }, TestContext.Current.CancellationToken);
        Assert.Equal("no symbols to backtest in /data/bars", outcome.FailureReason);
    }

    [Fact]
    public void Window_falls_back_to_the_span_of_the_backtested_bars()
    {
        var outcome = BacktestRunService.Run(new RunRequest
        {
            Load = Load(TestReports.Series("AAA", 60), TestReports.Series("BBB", 70)),
            Parameters = StrategyParameters.Default,
            Engine = new FakeEngine(),
        }, TestContext.Current.CancellationToken);
        Assert.Equal(UnixTime.ToDateTimeOffset(TestReports.T0), outcome.Report.Run.WindowStart);
        Assert.Equal(UnixTime.ToDateTimeOffset(TestReports.T0 + (69 * TestReports.Minute)), outcome.Report.Run.WindowEnd);
    }

    [Fact]
    public void Invalid_parameters_and_unsupported_precision_are_refused()
    {
        var load = Load(TestReports.Series("AAA", 60));
        Assert.Throws<ArgumentException>(() => BacktestRunService.Run(new RunRequest
        {
            Load = load,
            Parameters = StrategyParameters.Default with { PositionSize = 2 },
            Engine = new FakeEngine(),
        }, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentException>(() => BacktestRunService.Run(new RunRequest
        {
            Load = load,
            Parameters = StrategyParameters.Default,
            Engine = new FakeEngine(),
            Precision = Precision.F32,
        }, TestContext.Current.CancellationToken));
    }
}
