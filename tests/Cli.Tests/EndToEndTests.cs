using System.Text.Json;
using Backtest.Cli.Running;
using Backtest.Engines;
using Backtest.Tests;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>
/// End-to-end runs on the real data stage and engines: real files from shared/data, the synthetic
/// universe, the default (SIMD) engine, the files written.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EndToEndTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void A_missing_data_path_exits_non_zero_with_one_line_naming_it()
    {
        // The real loader; a fake engine, so that only the loader is needed.
        var services = new CliServices { Engines = new EngineCatalog([new FakeEngine()], knownNames: CliServices.EngineNames), Data = new DataSources() };
        var r = Bt.Run(services, "run", "--data", "/nonexistent", "--out", _dir);
        Assert.True(r.ExitCode == 1, r.ToString());
        var lines = r.Error.TrimEnd('\n').Split('\n');
        Assert.StartsWith("bt run: ", lines[^1], StringComparison.Ordinal);
        Assert.Contains("/nonexistent", lines[^1], StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir));
    }

    [Fact]
    public void Two_real_symbols_run_end_to_end_and_write_every_documented_field()
    {
        string tickers = Path.Combine(_dir, "tickers.txt");
        string outDir = Path.Combine(_dir, "out");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(tickers, "AZO\nTPL\n");
        var r = Bt.Run(null, "run", "--data", SharedData.Data("intraday", "blaizard_sp500_1m_2024"), "--tickers", tickers, "--out", outDir);
        Assert.True(r.ExitCode == 0, r.ToString());

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "results.json")));
        var root = json.RootElement;
        foreach (string field in new[] { "engine", "precision", "parameters", "symbols", "bars", "elapsed_ms", "bars_per_second", "data", "window" })
            Assert.True(root.GetProperty("run").TryGetProperty(field, out _), field);
        Assert.Equal("simd", root.GetProperty("run").GetProperty("engine").GetString());
        var symbols = root.GetProperty("symbols").EnumerateArray().ToArray();
        Assert.Equal(["AZO", "TPL"], symbols.Select(s => s.GetProperty("symbol").GetString()));
        foreach (var s in symbols)
        {
            foreach (string field in new[] { "symbol", "bars", "start", "end", "final_value", "total_return", "total_return_pct", "trades",
                "winning_trades", "losing_trades", "win_rate", "avg_trade_return_pct", "best_trade_pct", "worst_trade_pct", "profit_factor",
                "sharpe_ratio", "sortino_ratio", "max_drawdown", "max_drawdown_pct", "exposure_pct", "buy_hold_return_pct", "cagr_pct",
                "volatility_ann_pct", "calmar_ratio", "max_drawdown_bars", "sqn", "avg_trade_pnl", "avg_trade_bars", "max_trade_bars",
                "long_trades", "short_trades", "periods_per_year" })
                Assert.True(s.TryGetProperty(field, out _), field);
            Assert.Equal(98_280, s.GetProperty("periods_per_year").GetDouble());
        }
        foreach (string field in new[] { "symbols", "profitable", "average_return_pct", "median_return_pct", "best_return_pct", "worst_return_pct", "top", "bottom" })
            Assert.True(root.GetProperty("summary").TryGetProperty(field, out _), field);
        Assert.Equal(JsonValueKind.Array, root.GetProperty("skipped").ValueKind);

        Assert.Equal("symbol,return_pct,trades,win_rate,sharpe_ratio,max_drawdown_pct", File.ReadLines(Path.Combine(outDir, "summary.csv")).First());
        Assert.Equal(3, File.ReadLines(Path.Combine(outDir, "summary.csv")).Count());
        Assert.Equal("symbol,side,entry_time,exit_time,entry_price,exit_price,shares,pnl,return_pct,exit_reason", File.ReadLines(Path.Combine(outDir, "trades.csv")).First());
        Assert.Contains("Profitable:", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_built_in_synthetic_universe_runs_without_data()
    {
        var r = Bt.Run(null, "run", "--synth-symbols", "3", "--synth-days", "3", "--out", Path.Combine(_dir, "synth"));
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void The_synthetic_universe_written_as_csv_backtests_exactly_like_the_built_in_one()
    {
        // The CSV writer, the loader and the generator are separate code: identical per-symbol files prove
        // the written bars parse back to the very same doubles and timestamps.
        string csvDir = Path.Combine(_dir, "csv"), fromCsv = Path.Combine(_dir, "from-csv"), builtIn = Path.Combine(_dir, "built-in");
        var write = Bt.Run(null, "data", "synth", "--out", csvDir, "--symbols", "12", "--days", "4", "--seed", "7");
        Assert.True(write.ExitCode == 0, write.ToString());
        Assert.Equal(12, Directory.GetFiles(csvDir, "*.csv").Length);

        var loaded = Bt.Run(null, "run", "--data", csvDir, "--out", fromCsv, "--fill", "close", "--threshold", "2");
        Assert.True(loaded.ExitCode == 0, loaded.ToString());
        var generated = Bt.Run(null, "run", "--synth-symbols", "12", "--synth-days", "4", "--seed", "7", "--out", builtIn, "--fill", "close", "--threshold", "2");
        Assert.True(generated.ExitCode == 0, generated.ToString());

        string trades = File.ReadAllText(Path.Combine(builtIn, "trades.csv"));
        Assert.True(trades.Split('\n').Length > 12, "the case should trade: " + trades);
        Assert.Equal(trades, File.ReadAllText(Path.Combine(fromCsv, "trades.csv")));
        Assert.Equal(File.ReadAllText(Path.Combine(builtIn, "summary.csv")), File.ReadAllText(Path.Combine(fromCsv, "summary.csv")));
    }

    [Fact]
    public void The_simd_engine_writes_the_reference_engines_trades_on_real_minute_data()
    {
        string tickers = Path.Combine(_dir, "tickers.txt");
        Directory.CreateDirectory(_dir);
        File.WriteAllText(tickers, "AZO\nNVR\nTPL\nFICO\n");
        string data = SharedData.Data("intraday", "blaizard_sp500_1m_2024");
        var reference = Bt.Run(null, "run", "--data", data, "--tickers", tickers, "--engine", "reference", "--out", Path.Combine(_dir, "ref"), "--quiet");
        var simd = Bt.Run(null, "run", "--data", data, "--tickers", tickers, "--engine", "simd", "--out", Path.Combine(_dir, "simd"), "--quiet");
        Assert.True(reference.ExitCode == 0, reference.ToString());
        Assert.True(simd.ExitCode == 0, simd.ToString());

        // f64: the same fills in the same order, so trades.csv is the same to the byte.
        string expected = File.ReadAllText(Path.Combine(_dir, "ref", "trades.csv"));
        Assert.True(expected.Split('\n').Length > 50, "the run should trade");
        Assert.Equal(expected, File.ReadAllText(Path.Combine(_dir, "simd", "trades.csv")));

        using var a = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "ref", "results.json")));
        using var b = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "simd", "results.json")));
        var x = a.RootElement.GetProperty("symbols").EnumerateArray().ToArray();
        var y = b.RootElement.GetProperty("symbols").EnumerateArray().ToArray();
        Assert.Equal(x.Length, y.Length);
        for (int i = 0; i < x.Length; i++)
        {
            foreach (var field in x[i].EnumerateObject())
            {
                var other = y[i].GetProperty(field.Name);
                if (field.Value.ValueKind != JsonValueKind.Number) { Assert.Equal(field.Value.ToString(), other.ToString()); continue; }
                double e = field.Value.GetDouble(), v = other.GetDouble();
                Assert.True(Math.Abs(e - v) <= 1e-9 * Math.Max(Math.Abs(e), 1e-9), $"{x[i].GetProperty("symbol")} {field.Name}: {e:R} vs {v:R}");
            }
        }
    }
}
