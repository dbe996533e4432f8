using System.Text.Json;
using Backtest.Cli.Running;
using Backtest.Data;
using Backtest.Engines;
using Xunit;

namespace Backtest.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class RunCommandTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "bt-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public void Sma_fast_above_sma_slow_exits_2_with_s3s_requirement_before_loading_anything()
    {
        var (services, data, engine) = Services.Fake();
        var r = Bt.Run(services, "run", "--sma-fast", "50", "--sma-slow", "20", "--out", _out);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("s3.bt:19:1: sma_fast must be below sma_slow (sma_fast = 50, sma_slow = 20)", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Syntheses);
        Assert.Equal(0, data.Loads);

        r = Bt.Run(services, "run", "--data", "/somewhere", "--sma-fast", "50", "--sma-slow", "20", "--out", _out);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("s3.bt:19:1: sma_fast must be below sma_slow (sma_fast = 50, sma_slow = 20)", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
        Assert.Equal(0, engine.Calls);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public void Position_size_above_1_exits_2_before_loading_anything()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--position-size", "1.5", "--out", _out);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--position-size must be in (0, 1] (got 1.5)", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Syntheses);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--data", "/x", "--sma-fast", "50", "--sma-slow", "20", "--position-size", "0", "--fill", "sideways", "--precision", "f16", "--on-invalid", "ignore", "--periods-per-year", "many");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("s3.bt:19:1: sma_fast must be below sma_slow", r.Error, StringComparison.Ordinal);
        Assert.Contains("5 problems with the options", r.Error, StringComparison.Ordinal);
        foreach (string option in new[] { "--position-size", "--fill", "--precision", "--on-invalid", "--periods-per-year" })
            Assert.Contains(option, r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void An_engine_problem_is_listed_with_the_parameter_problems()
    {
        var (services, _, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--data", "/x", "--engine", "metal", "--position-size", "2");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("2 problems with the options", r.Error, StringComparison.Ordinal);
        Assert.Contains("--engine metal is not available in this build", r.Error, StringComparison.Ordinal);
        Assert.Contains("--position-size", r.Error, StringComparison.Ordinal);

        // A strategy parameter's problem is the strategy file's (FILE:LINE:COLUMN), listed before the options'.
        r = Bt.Run(services, "run", "--data", "/x", "--engine", "metal", "--bb-k", "-1");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("s3.bt:9:7: --param bb_k=-1: -1 is outside its range 0..1000", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fill_sideways_is_rejected()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--data", "/x", "--fill", "sideways");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--fill must be next-open or close (got 'sideways')", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void An_unknown_option_or_unreadable_number_exits_2()
    {
        var (services, data, _) = Services.Fake();
        Assert.Equal(2, Bt.Run(services, "run", "--no-such-option").ExitCode);
        Assert.Equal(2, Bt.Run(services, "run", "--sma-fast", "twenty").ExitCode);
        Assert.Equal(2, Bt.Run(services, "frobnicate").ExitCode);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void Data_selection_options_without_data_are_refused()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--days", "5");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--days selects from --data", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Syntheses);
    }

    [Fact]
    public void An_engine_missing_from_the_build_or_an_unsupported_precision_exits_2()
    {
        var (services, data, _) = Services.Fake();
        var reference = Bt.Run(services, "run", "--data", "/x", "--engine", "reference");
        Assert.True(reference.ExitCode == 2, reference.ToString());
        Assert.Contains("--engine reference is not available in this build", reference.Error, StringComparison.Ordinal);
        var f32 = Bt.Run(services, "run", "--data", "/x", "--engine", "simd", "--precision", "f32");
        Assert.True(f32.ExitCode == 2, f32.ToString());
        Assert.Contains("--precision f32 is not supported by the simd engine", f32.Error, StringComparison.Ordinal);
        var auto = Bt.Run(services, "run", "--data", "/x", "--precision", "f32");
        Assert.True(auto.ExitCode == 2, auto.ToString());
        Assert.Contains("--engine auto has no engine of this build that runs the strategy s3 in f32", auto.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void A_run_writes_the_three_files_and_prints_the_summary()
    {
        var (services, data, engine) = Services.Fake();
        data.Issues.Add(new LoadIssue("AAA.csv", 17, "AAA", "high below close"));
        var r = Bt.Run(services, "run", "--data", "/bars", "--out", _out, "--fill", "close", "--periods-per-year", "252");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(1, engine.Calls);
        Assert.Equal("/bars", data.LastRequest!.Path);
        Assert.Equal(InvalidRowPolicy.Skip, data.LastRequest.OnInvalid);

        Assert.Contains("Profitable: 1 of 2 (50.0%)", r.Out, StringComparison.Ordinal);
        Assert.Contains("Return %: average +1.50, median +1.50, best +5.00, worst -2.00", r.Out, StringComparison.Ordinal);
        Assert.Contains("Top 1 by return", r.Out, StringComparison.Ordinal);
        Assert.Contains("Bottom 1 by return", r.Out, StringComparison.Ordinal);
        Assert.Contains("SHORT: too few bars for the warm-up: 10 bars, at least 51 needed", r.Out, StringComparison.Ordinal);
        Assert.Contains("AAA.csv:17: high below close", r.Out, StringComparison.Ordinal);
        Assert.Contains("bars/s", r.Out, StringComparison.Ordinal);
        Assert.Contains("Loading /bars", r.Error, StringComparison.Ordinal);

        Assert.Equal(
            ["load_issues.txt", "results.json", "summary.csv", "trades.csv"],
            Directory.GetFiles(_out).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(
            "symbol,side,entry_time,exit_time,entry_price,exit_price,shares,pnl,return_pct,exit_reason\n" +
            "AAA,long,2024-01-02T15:21:00Z,2024-01-02T15:25:00Z,151,155,33,130,2.6088701585390326,signal\n",
            File.ReadAllText(Path.Combine(_out, "trades.csv")));
        Assert.Equal(
            "symbol,return_pct,trades,win_rate,sharpe_ratio,max_drawdown_pct\nAAA,5,1,100,1.5,0\nBBB,-2,0,0,0,0\n",
            File.ReadAllText(Path.Combine(_out, "summary.csv")));

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_out, "results.json")));
        var run = json.RootElement.GetProperty("run");
        Assert.Equal("close", run.GetProperty("parameters").GetProperty("fill").GetString());
        Assert.Equal(252, run.GetProperty("parameters").GetProperty("periods_per_year").GetDouble());
        Assert.Equal("/bars", run.GetProperty("data").GetString());
        Assert.Equal(120, run.GetProperty("bars").GetInt64());
        Assert.Equal("SHORT", json.RootElement.GetProperty("skipped")[0].GetProperty("symbol").GetString());
    }

    [Fact]
    public void An_out_path_that_is_a_file_exits_1_with_one_line()
    {
        var (services, _, _) = Services.Fake();
        Directory.CreateDirectory(_out);
        string file = Path.Combine(_out, "taken");
        File.WriteAllText(file, "not a directory");
        var r = Bt.Run(services, "run", "--data", "/bars", "--out", file);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.StartsWith($"bt run: cannot write the results to {file}: ", r.Error.TrimEnd('\n').Split('\n')[^1], StringComparison.Ordinal);
        Assert.Equal("not a directory", File.ReadAllText(file));
    }

    [Fact]
    public void Quiet_prints_nothing_on_stdout()
    {
        var (services, _, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--data", "/bars", "--out", _out, "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("", r.Out);
        Assert.True(File.Exists(Path.Combine(_out, "results.json")));
    }

    [Fact]
    public void Tickers_limit_days_and_window_reach_the_load_request()
    {
        var (services, data, _) = Services.Fake();
        string tickers = Path.Combine(_out, "tickers.txt");
        Directory.CreateDirectory(_out);
        File.WriteAllLines(tickers, ["BBB", "AAA"]);
        var r = Bt.Run(services, "run", "--data", "/bars", "--tickers", tickers, "--limit", "7", "--days", "3",
            "--start", "2024-01-02T00:00:00Z", "--end", "2024-02-01T00:00:00Z", "--on-invalid", "fail", "--out", _out);
        Assert.True(r.ExitCode == 0, r.ToString());
        var q = data.LastRequest!;
        Assert.Equal(["BBB", "AAA"], q.Tickers!);
        Assert.Equal(7, q.Limit);
        Assert.Equal(3, q.Days);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero), q.Start);
        Assert.Equal(new DateTimeOffset(2024, 2, 1, 0, 0, 0, TimeSpan.Zero), q.End);
        Assert.Equal(InvalidRowPolicy.Fail, q.OnInvalid);
    }

    [Fact]
    public void Start_after_end_exits_2_before_loading()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--data", "/bars", "--start", "2024-03-01", "--end", "2024-02-01");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--start (2024-03-01) is after --end (2024-02-01)", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void When_every_symbol_is_skipped_it_exits_1_with_a_one_line_reason_and_writes_nothing()
    {
        var (services, data, engine) = Services.Fake();
        data.Series.RemoveAll(s => s.Symbol != "SHORT");
        var r = Bt.Run(services, "run", "--data", "/bars", "--out", _out);
        Assert.True(r.ExitCode == 1, r.ToString());
        string last = r.Error.TrimEnd('\n').Split('\n')[^1];
        Assert.Equal("bt run: no symbol could be backtested: all 1 were skipped; SHORT: too few bars for the warm-up: 10 bars, at least 51 needed", last);
        Assert.Equal(0, engine.Calls);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public void Unusable_data_exits_1_with_the_loaders_message_on_one_line()
    {
        var (services, data, _) = Services.Fake();
        data.LoadThrows = new DataLoadException("/bars/AAA.csv:3: price is not a number\n(stopped by --on-invalid fail)");
        var r = Bt.Run(services, "run", "--data", "/bars", "--out", _out);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.EndsWith("bt run: /bars/AAA.csv:3: price is not a number; (stopped by --on-invalid fail)\n", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_out_of_memory_exits_1_with_one_line_and_no_stack_trace()
    {
        var (services, data, _) = Services.Fake();
        // As a parallel loader's workers would report it.
        data.LoadThrows = new AggregateException(new OutOfMemoryException());
        var r = Bt.Run(services, "run", "--data", "/bars", "--out", _out);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Matches(@"(?m)^bt: out of memory \([0-9.]+ GiB available to this process\)\. Run fewer symbols or bars", r.Error);
        Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public void Without_data_the_synthetic_universe_is_run()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--synth-symbols", "3", "--synth-days", "2", "--seed", "7", "--out", _out);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(1, data.Syntheses);
        Assert.Equal(0, data.Loads);
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_out, "results.json")));
        Assert.Equal("synthetic(symbols=3, days=2, seed=7)", json.RootElement.GetProperty("run").GetProperty("data").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("run").GetProperty("symbols").GetInt32());
    }

    [Fact]
    public void A_part_missing_from_the_build_is_named_on_one_line_and_exits_1()
    {
        var (services, data, _) = Services.Fake();
        data.SynthesizeThrows = new NotInThisBuildException("the synthetic universe is not available in this build; give --data PATH.");
        var r = Bt.Run(services, "run", "--out", _out);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal("bt run: the synthetic universe is not available in this build; give --data PATH.", r.Error.TrimEnd('\n').Split('\n')[^1]);
    }
}
