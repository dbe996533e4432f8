using System.Text.Json;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>`bt run --strategy NAME|FILE.bt --param NAME=VALUE`, the aliases of a strategy's parameters, and §7 errors.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class RunStrategyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-run-strategy-" + Guid.NewGuid().ToString("N"));

    public RunStrategyTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Small = ["--synth-symbols", "6", "--synth-days", "3", "--quiet"];

    private static string Read(string dir, string file) => File.ReadAllText(Path.Combine(dir, file));

    /// <summary>results.json without the two numbers of wall time, which differ between any two runs.</summary>
    private static string Results(string dir)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Read(dir, "results.json"))!;
        node["run"]!.AsObject().Remove("elapsed_ms");
        node["run"]!.AsObject().Remove("bars_per_second");
        return node.ToJsonString();
    }

    [Theory]
    [InlineData("simd")]
    [InlineData("reference")]
    public void Run_without_strategy_is_run_with_strategy_s3_bit_for_bit(string engine)
    {
        string plain = Path.Combine(_dir, "plain"), named = Path.Combine(_dir, "named");
        var a = Bt.Run(null, ["run", .. Small, "--engine", engine, "--out", plain]);
        var b = Bt.Run(null, ["run", .. Small, "--engine", engine, "--strategy", "s3", "--out", named]);
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.Equal(Read(plain, "trades.csv"), Read(named, "trades.csv"));
        Assert.Equal(Read(plain, "summary.csv"), Read(named, "summary.csv"));
        Assert.Equal(Results(plain), Results(named));
        using var json = JsonDocument.Parse(Read(plain, "results.json"));
        Assert.Equal("s3", json.RootElement.GetProperty("run").GetProperty("strategy").GetProperty("name").GetString());
    }

    [Fact]
    public void An_option_named_after_a_parameter_is_that_parameter()
    {
        string alias = Path.Combine(_dir, "alias"), param = Path.Combine(_dir, "param");
        var a = Bt.Run(null, ["run", .. Small, "--engine", "reference", "--sma-fast", "5", "--threshold=3", "--out", alias]);
        var b = Bt.Run(null, ["run", .. Small, "--engine", "reference", "--param", "sma_fast=5", "--param", "threshold=3", "--out", param]);
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.Equal(Read(param, "trades.csv"), Read(alias, "trades.csv"));
        using var json = JsonDocument.Parse(Read(alias, "results.json"));
        var p = json.RootElement.GetProperty("run").GetProperty("parameters");
        Assert.Equal(5, p.GetProperty("sma_fast").GetInt32());
        Assert.Equal(3, p.GetProperty("threshold").GetInt32());
    }

    [Fact]
    public void A_strategy_file_runs_long_and_short_and_results_name_it_and_its_parameters()
    {
        string file = Path.Combine(_dir, "flip.bt");
        File.WriteAllText(file, """
            strategy flip "long above the 10-bar average, short below"
            param n = 10 in 2..100
            up = close > sma(close, n)
            buy when up
            sell when not up
            short when not up
            cover when up
            """);
        string outDir = Path.Combine(_dir, "flip");
        var r = Bt.Run(null, ["run", .. Small, "--engine", "reference", "--strategy", file, "--param", "n=12", "--out", outDir]);
        Assert.True(r.ExitCode == 0, r.ToString());

        var trades = File.ReadAllLines(Path.Combine(outDir, "trades.csv"));
        Assert.StartsWith("symbol,side,", trades[0], StringComparison.Ordinal);
        Assert.Contains(trades, t => t.Split(',')[1] == "short");
        Assert.Contains(trades, t => t.Split(',')[1] == "long");

        using var json = JsonDocument.Parse(Read(outDir, "results.json"));
        var run = json.RootElement.GetProperty("run");
        Assert.Equal("flip", run.GetProperty("strategy").GetProperty("name").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))),
            run.GetProperty("strategy").GetProperty("sha256").GetString());
        Assert.Equal(12, run.GetProperty("parameters").GetProperty("n").GetInt32());
        Assert.Equal(100_000, run.GetProperty("parameters").GetProperty("capital").GetDouble());
        Assert.False(run.GetProperty("parameters").TryGetProperty("sma_fast", out _));
    }

    [Fact]
    public void A_strategy_error_prints_file_line_column_exits_2_and_writes_nothing()
    {
        string file = Path.Combine(_dir, "bad.bt");
        File.WriteAllText(file, "param n = 10 in 1..100\nbuy when sma(close, n) > closee\n");
        string outDir = Path.Combine(_dir, "bad");
        var r = Bt.Run(null, ["run", .. Small, "--strategy", file, "--out", outDir]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith($"{file}:2:26: ", r.Error, StringComparison.Ordinal);
        Assert.Contains("closee", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
        Assert.Equal("", r.Out);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public void A_failed_requirement_or_a_parameter_out_of_range_stops_before_any_data_is_read()
    {
        var (services, data, engine) = Services.Fake();
        var r = Bt.Run(services, "run", "--sma-fast", "50", "--sma-slow", "20", "--out", Path.Combine(_dir, "x"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("s3.bt:", r.Error, StringComparison.Ordinal);
        Assert.Contains("sma_fast must be below sma_slow (sma_fast = 50, sma_slow = 20)", r.Error, StringComparison.Ordinal);
        r = Bt.Run(services, "run", "--strategy", "rsi_reversion", "--param", "period=1", "--out", Path.Combine(_dir, "x"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("rsi_reversion.bt:", r.Error, StringComparison.Ordinal);
        Assert.Contains("outside its range 2..10000", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Syntheses);
        Assert.Equal(0, data.Loads);
        Assert.Equal(0, engine.Calls);
    }

    [Fact]
    public void The_metal_kernel_refuses_a_strategy_it_cannot_run_in_one_line_and_auto_does_not_pick_it()
    {
        string outDir = Path.Combine(_dir, "metal");
        var r = Bt.Run(null, ["run", .. Small, "--engine", "metal-emulated", "--precision", "f32", "--strategy", "sma_cross", "--out", outDir]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal("bt run: --engine metal-emulated cannot run this strategy: the metal-emulated engine runs only the built-in s3 strategy so far, not sma_cross (use --engine simd).",
            r.Error.ReplaceLineEndings("\n").Split('\n')[0]);
        Assert.False(Directory.Exists(outDir));
    }
}
