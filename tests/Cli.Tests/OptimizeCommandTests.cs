using System.Buffers.Binary;
using System.Reflection;
using System.Text.Json;
using Backtest.Cli.Commands;
using Backtest.Strategy;
using Backtest.Tests;
using Xunit;

namespace Backtest.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class OptimizeCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-opt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string Tickers(params string[] symbols)
    {
        Directory.CreateDirectory(_dir);
        string path = Path.Combine(_dir, "tickers.txt");
        File.WriteAllLines(path, symbols);
        return path;
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;

    [Fact]
    public void The_shared_options_default_to_the_spec_defaults() =>
        Assert.Equal(StrategyParameters.Default, new BacktestOptionSet().ToRunOptions().Parameters);

    [Fact]
    public void Run_optimize_and_walkforward_declare_the_shared_options_once()
    {
        // One declaration of the data, strategy and execution options (BacktestOptionSet), no copy beside it.
        foreach (var method in new[] { typeof(RunCommand).GetMethod(nameof(RunCommand.Run))!, typeof(OptimizeCommand).GetMethod(nameof(OptimizeCommand.Optimize))!, typeof(WalkForwardCommand).GetMethods().Single(m => m.GetCustomAttribute<Cocona.CommandAttribute>() is not null) })
        {
            Assert.Single(method.GetParameters(), p => p.ParameterType == typeof(BacktestOptionSet));
            var own = method.GetParameters().Select(p => p.GetCustomAttribute<Cocona.OptionAttribute>()?.Name).OfType<string>();
            var shared = typeof(BacktestOptionSet).GetProperties().Select(p => p.GetCustomAttribute<Cocona.OptionAttribute>()?.Name).OfType<string>();
            Assert.Empty(own.Intersect(shared));
        }
    }

    [Theory]
    [InlineData("optimize")]
    [InlineData("walkforward")]
    public void A_grid_names_its_strategys_own_parameters_and_is_checked_before_any_data_is_read(string command)
    {
        var (services, data, engine) = Services.Fake();
        string[] windows = command == "walkforward" ? ["--train", "20", "--test", "5"] : [];
        // s3's parameter is not sma_cross's; a --param and a --grid of one parameter; a require that no combination meets.
        var r = Bt.Run(services, [command, "--strategy", "sma_cross", .. windows, "--grid", "sma-fast=5,10", "--param", "slow=30", "--grid", "slow=20,40"]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--grid sma-fast: not a parameter of the strategy nor a numeric execution setting; the parameters are fast, slow, capital,", r.Error, StringComparison.Ordinal);
        Assert.Contains("--slow and --grid slow are both given", r.Error, StringComparison.Ordinal);
        var none = Bt.Run(services, [command, "--strategy", "sma_cross", .. windows, "--grid", "fast=50,60", "--grid", "slow=20,40"]);
        Assert.True(none.ExitCode == 2, none.ToString());
        Assert.Contains("every one of the 4 combinations of the grid breaks a rule; the first: fast must be below slow (fast = 50, slow = 20)", none.Error, StringComparison.Ordinal);
        // The parameter's range, from the file: 1..10000.
        var range = Bt.Run(services, [command, "--strategy", "sma_cross", .. windows, "--fast", "0"]);
        Assert.True(range.ExitCode == 2, range.ToString());
        Assert.Contains("fast", range.Error, StringComparison.Ordinal);
        // A strategy that does not compile is the one problem: its parameters are unknown, so its --grid is not judged.
        string[] heatmap = command == "optimize" ? ["--heatmap", "n,k"] : [];
        var missing = Bt.Run(services, [command, "--strategy", "no_such_file.bt", .. windows, "--grid", "n=5,10", .. heatmap]);
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("no_such_file.bt", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--grid", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("--heatmap", missing.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
        Assert.Equal(0, engine.Calls);
    }

    [Fact]
    public void Bad_options_exit_2_all_listed_before_any_data_is_read()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "optimize", "--data", "/x", "--grid", "sma-fast=10.5", "--grid", "sma=1", "--grid", "bb-k=3:1:1",
            "--metric", "sharp", "--select", "all", "--heatmap", "sma-fast,rsi-period", "--position-size", "2", "--out", _dir);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("bt optimize: 7 problems with the options:", r.Error, StringComparison.Ordinal);
        foreach (string part in new[] { "10.5 is not one", "--grid sma: not a parameter of the strategy nor a numeric execution setting", "'3:1:1' is empty", "--metric sharp", "--select must be",
            "--heatmap: rsi-period is not varied by a --grid", "--position-size must be in (0, 1]" })
            Assert.Contains(part, r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
        Assert.Equal(0, data.Syntheses);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void A_grid_over_the_cap_a_doubly_given_parameter_and_a_grid_of_invalid_sets_only_exit_2()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "optimize", "--grid", "sma-fast=1:30:1", "--grid", "sma-slow=31:60:1", "--max-combinations", "500");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("the grid has 900 combinations, more than --max-combinations 500", r.Error, StringComparison.Ordinal);

        r = Bt.Run(services, "optimize", "--sma-fast", "12", "--grid", "sma-fast=5,10");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--sma-fast and --grid sma-fast are both given", r.Error, StringComparison.Ordinal);

        r = Bt.Run(services, "optimize", "--grid", "sma-fast=50,60");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("every one of the 2 combinations of the grid breaks a rule; the first: sma_fast must be below sma_slow (sma_fast = 50, sma_slow = 50)", r.Error, StringComparison.Ordinal);

        // A fixed value the grid makes valid is fine: sma-fast 60 is checked against the grid's sma-slow.
        r = Bt.Run(services, "optimize", "--sma-fast", "60", "--grid", "sma-slow=70,80", "--synth-symbols", "2", "--synth-days", "1", "--out", _dir, "--quiet");
        Assert.NotEqual(2, r.ExitCode);
        Assert.Equal(0, data.Loads);
    }

    [Theory]
    [InlineData("total_return_pct", "symbol,index,sma_fast,total_return_pct,trades,sharpe_ratio,max_drawdown_pct")]
    [InlineData("sharpe_ratio", "symbol,index,sma_fast,sharpe_ratio,total_return_pct,trades,max_drawdown_pct")]
    [InlineData("sortino_ratio", "symbol,index,sma_fast,sortino_ratio,total_return_pct,trades,sharpe_ratio,max_drawdown_pct")]
    public void The_per_symbol_csv_names_each_column_once_whatever_the_metric(string metric, string header)
    {
        var r = Bt.Run(null, "optimize", "--synth-symbols", "2", "--synth-days", "2", "--grid", "sma-fast=10,15",
            "--metric", metric, "--select", "symbol", "--out", _dir, "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(header, File.ReadLines(Path.Combine(_dir, "optimize_symbols.csv")).First());
    }

    [Fact]
    public void Each_combinations_per_symbol_metrics_equal_bt_run_with_those_values_and_precision_on_real_data_for_any_strategy()
    {
        string tickers = Tickers("AZO", "TPL");
        string data = SharedData.Data("intraday", "blaizard_sp500_1m_2024");
        string file = Path.Combine(_dir, "ema_trend.bt");
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(file, [
            "strategy ema_trend \"long above a rising ema, short below a falling one\"",
            "param n = 30 in 2..1000",
            "e = ema(close, n)",
            "buy when close > e and e > e[1]",
            "sell when close < e",
            "short when close < e and e < e[1]",
            "cover when close > e",
        ]);
        var cases = new (string Strategy, string[] Grid, string[] Run, string Precision)[]
        {
            ("s3", ["--grid", "sma-fast=10", "--grid", "threshold=4", "--fill", "close"], ["--sma-fast", "10", "--threshold", "4", "--fill", "close"], "f64"),
            ("s3", ["--grid", "sma-fast=30", "--grid", "threshold=7"], ["--sma-fast", "30", "--threshold", "7"], "f64"),
            ("s3", ["--grid", "sma-fast=15", "--grid", "threshold=5"], ["--param", "sma_fast=15", "--param", "threshold=5"], "f32"),
            ("sma_cross", ["--grid", "fast=5", "--grid", "slow=30", "--grid", "stop-loss-pct=1"], ["--param", "fast=5", "--param", "slow=30", "--stop-loss-pct", "1"], "f64"),
            ("rsi_reversion", ["--grid", "period=9", "--grid", "oversold=30", "--grid", "max-hold-bars=120"], ["--param", "period=9", "--param", "oversold=30", "--max-hold-bars", "120"], "f32"),
            (file, ["--grid", "n=45", "--grid", "fee-bps=2"], ["--n", "45", "--fee-bps", "2"], "f64"),
        };
        foreach (var ((strategy, grid, runArgs, precision), k) in cases.Select((c, k) => (c, k)))
        {
            string name = Path.GetFileNameWithoutExtension(strategy) + k;
            string opt = Path.Combine(_dir, $"opt-{name}"), run = Path.Combine(_dir, $"run-{name}");
            var o = Bt.Run(null, ["optimize", "--strategy", strategy, "--data", data, "--tickers", tickers, .. grid,
                "--select", "symbol", "--precision", precision, "--out", opt, "--quiet"]);
            Assert.True(o.ExitCode == 0, o.ToString());
            var r = Bt.Run(null, ["run", "--strategy", strategy, "--data", data, "--tickers", tickers, "--engine", "simd", .. runArgs,
                "--precision", precision, "--out", run, "--quiet"]);
            Assert.True(r.ExitCode == 0, r.ToString());

            var optimized = Json(Path.Combine(opt, "optimize.json"));
            var results = Json(Path.Combine(run, "results.json"));
            var bests = optimized.GetProperty("symbol_bests").EnumerateArray().ToArray();
            var symbols = results.GetProperty("symbols").EnumerateArray().ToArray();
            Assert.Equal(["AZO", "TPL"], bests.Select(b => b.GetProperty("symbol").GetString()));
            for (int i = 0; i < symbols.Length; i++)
            {
                int fields = 0;
                foreach (var field in bests[i].GetProperty("metrics").EnumerateObject())
                {
                    Assert.True(symbols[i].GetProperty(field.Name).GetRawText() == field.Value.GetRawText(), $"{name} {field.Name}: run {symbols[i].GetProperty(field.Name)}, optimize {field.Value}");
                    fields++;
                }
                Assert.Equal(28, fields); // the 17 metrics of 1.1 and the 11 of 2.0 (semantics §5)
            }
            Assert.True(symbols.Sum(s => s.GetProperty("trades").GetInt32()) > 0, $"{name} should trade");

            // The combination's mean is the mean of bt run's per-symbol values, in symbol order.
            double mean = symbols.Select(s => s.GetProperty("sharpe_ratio").GetDouble()).Sum() / symbols.Length;
            Assert.Equal(mean, optimized.GetProperty("best").GetProperty("mean").GetDouble());
            Assert.Equal(results.GetProperty("run").GetProperty("parameters").GetRawText(), optimized.GetProperty("best").GetProperty("parameters").GetRawText());
            Assert.Equal(Path.GetFileNameWithoutExtension(strategy), optimized.GetProperty("strategy").GetProperty("name").GetString());
        }
    }

    [Fact]
    public void The_synthetic_universe_optimizes_end_to_end_with_every_file_and_a_heatmap()
    {
        string outDir = Path.Combine(_dir, "synth");
        var r = Bt.Run(null, "optimize", "--synth-symbols", "20", "--synth-days", "3", "--grid", "sma-fast=5,10,50", "--grid", "bb-k=1.5:2.5:0.5",
            "--threshold", "3", "--metric", "total_return_pct", "--heatmap", "sma-fast,bb-k", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.ToString());

        var json = Json(Path.Combine(outDir, "optimize.json"));
        Assert.Equal("total_return_pct", json.GetProperty("metric").GetString());
        Assert.Equal("higher", json.GetProperty("direction").GetString());
        var grid = json.GetProperty("grid");
        Assert.Equal(9, grid.GetProperty("size").GetInt32());
        Assert.Equal(6, grid.GetProperty("evaluated").GetInt32()); // sma-fast 50 is not below sma-slow 50
        Assert.Equal(3, grid.GetProperty("skipped").GetInt32());
        // Six distinct sets, each run once on every tile of symbols; some of them read comparisons others recorded.
        Assert.Equal(6, grid.GetProperty("distinct_runs").GetInt32());
        long tileRuns = grid.GetProperty("tile_runs").GetInt64(), shared = grid.GetProperty("tile_runs_on_shared_indicators").GetInt64();
        Assert.True(tileRuns >= 6 && tileRuns % 6 == 0, $"tile_runs {tileRuns}");
        Assert.InRange(shared, 0, tileRuns - 1);
        var combinations = json.GetProperty("combinations").EnumerateArray().ToArray();
        Assert.Equal(6, combinations.Length);
        Assert.Equal([1, 2, 3, 4, 5, 6], combinations.Select(c => c.GetProperty("rank").GetInt32()));
        var means = combinations.Select(c => c.GetProperty("mean").GetDouble()).ToArray();
        Assert.Equal(means.OrderDescending(), means);
        foreach (var c in combinations)
        {
            Assert.Equal(25, c.GetProperty("parameters").EnumerateObject().Count());
            foreach (string field in new[] { "median", "profitable_pct", "symbols" }) Assert.True(c.TryGetProperty(field, out _), field);
        }
        var best = json.GetProperty("best");
        Assert.Equal(combinations[0].GetProperty("index").GetInt32(), best.GetProperty("index").GetInt32());
        Assert.Equal(means[0], best.GetProperty("mean").GetDouble());
        long bars = json.GetProperty("bars").GetInt64();
        Assert.Equal(6 * bars, json.GetProperty("bar_evaluations").GetInt64());
        Assert.True(json.GetProperty("elapsed_ms").GetDouble() > 0);
        Assert.False(json.TryGetProperty("symbol_bests", out _));

        var csv = File.ReadAllLines(Path.Combine(outDir, "optimize.csv"));
        Assert.Equal("rank,index,sma_fast,bb_k,mean,median,profitable_pct,symbols", csv[0]);
        Assert.Equal(7, csv.Length);

        Assert.Contains("Top 6 by the mean total_return_pct over symbols (higher is better):", r.Out, StringComparison.Ordinal);
        Assert.Contains("Wrote heatmap_sma_fast_bb_k.png, optimize.csv, optimize.json", r.Out, StringComparison.Ordinal);

        // A PNG: the signature, then the IHDR chunk with the width and height (big-endian).
        byte[] png = File.ReadAllBytes(Path.Combine(outDir, "heatmap_sma_fast_bb_k.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(700, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void Optimize_reads_a_bar_cache_like_the_files_it_came_from()
    {
        string data = SharedData.Data("intraday", "blaizard_sp500_1m_2024");
        string tickers = Tickers("AZO", "TPL");
        string cache = Path.Combine(_dir, "bars.btcache");
        var import = Bt.Run(null, "data", "import", data, "--out", cache, "--tickers", tickers);
        Assert.True(import.ExitCode == 0, import.ToString());
        string[] grid = ["--grid", "sma-fast=10,20", "--grid", "threshold=4:6:1", "--quiet"];
        var fromCache = Bt.Run(null, ["optimize", "--data", cache, "--out", Path.Combine(_dir, "cache"), .. grid]);
        var fromFiles = Bt.Run(null, ["optimize", "--data", data, "--tickers", tickers, "--out", Path.Combine(_dir, "files"), .. grid]);
        Assert.True(fromCache.ExitCode == 0, fromCache.ToString());
        Assert.True(fromFiles.ExitCode == 0, fromFiles.ToString());
        var a = Json(Path.Combine(_dir, "cache", "optimize.json")).GetProperty("combinations");
        var b = Json(Path.Combine(_dir, "files", "optimize.json")).GetProperty("combinations");
        Assert.Equal(6, a.GetArrayLength());
        Assert.Equal(b.ToString(), a.ToString());
    }
}
