using System.Text.Json;
using Backtest.Tests;
using Xunit;

namespace Backtest.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class WalkForwardCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-wf-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Missing_or_bad_windows_exit_2_before_any_data_is_read()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "walkforward", "--grid", "sma-fast=5,10", "--step", "0");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--train DAYS is required", r.Error, StringComparison.Ordinal);
        Assert.Contains("--test DAYS is required", r.Error, StringComparison.Ordinal);
        Assert.Contains("--step must be at least 1 day (got 0)", r.Error, StringComparison.Ordinal);

        r = Bt.Run(services, "walkforward", "--train", "0", "--test", "5", "--grid", "sma-fast=1.5");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--train must be at least 1 day (got 0)", r.Error, StringComparison.Ordinal);
        Assert.Contains("sma-fast takes whole numbers", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
        Assert.Equal(0, data.Syntheses);
    }

    [Fact]
    public void Real_data_walks_forward_with_every_fold_and_the_stitched_result_written()
    {
        Directory.CreateDirectory(_dir);
        string tickers = Path.Combine(_dir, "tickers.txt");
        File.WriteAllLines(tickers, ["AZO", "TPL"]);
        string outDir = Path.Combine(_dir, "out");
        var r = Bt.Run(null, "walkforward", "--data", SharedData.Data("intraday", "blaizard_sp500_1m_2024"), "--tickers", tickers,
            "--train", "90", "--test", "60", "--anchored", "--grid", "sma-fast=10,20", "--grid", "threshold=4,6", "--out", outDir);
        Assert.True(r.ExitCode == 0, r.ToString());

        var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "walkforward.json"))).RootElement;
        Assert.True(json.GetProperty("anchored").GetBoolean());
        Assert.Equal(60, json.GetProperty("step_days").GetInt32());
        var folds = json.GetProperty("folds").EnumerateArray().ToArray();
        Assert.True(folds.Length >= 4, $"{folds.Length} folds");
        string firstTrainStart = folds[0].GetProperty("train").GetProperty("start").GetString()!;
        foreach (var f in folds)
        {
            Assert.Equal(firstTrainStart, f.GetProperty("train").GetProperty("start").GetString());
            Assert.Equal(f.GetProperty("train").GetProperty("end").GetString(), f.GetProperty("test").GetProperty("start").GetString());
            if (f.GetProperty("skipped").ValueKind != JsonValueKind.Null) continue;
            Assert.Equal(25, f.GetProperty("parameters").EnumerateObject().Count());
            foreach (string part in new[] { "in_sample", "out_of_sample" })
                foreach (string field in new[] { "mean", "median", "profitable_pct", "symbols" })
                    Assert.True(f.GetProperty(part).TryGetProperty(field, out _), $"{part}.{field}");
        }
        var stitched = json.GetProperty("stitched").GetProperty("symbols").EnumerateArray().ToArray();
        Assert.Equal(["AZO", "TPL"], stitched.Select(s => s.GetProperty("symbol").GetString()));
        Assert.All(stitched, s => Assert.True(s.TryGetProperty("sharpe_ratio", out _)));

        var csv = File.ReadAllLines(Path.Combine(outDir, "walkforward.csv"));
        Assert.StartsWith("fold,train_start,train_end,test_start,test_end,sma_fast,threshold,in_sample_mean", csv[0], StringComparison.Ordinal);
        Assert.Equal(folds.Length + 1, csv.Length);
        var equity = File.ReadAllLines(Path.Combine(outDir, "walkforward_equity.csv"));
        Assert.Equal("symbol,time,equity", equity[0]);
        Assert.True(equity.Length > 100);
        Assert.Contains("Stitched out of sample (2 symbols)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_synthetic_universe_walks_forward_per_symbol()
    {
        var r = Bt.Run(null, "walkforward", "--synth-symbols", "6", "--synth-days", "8", "--train", "3", "--test", "2",
            "--select", "symbol", "--grid", "sma-fast=5,10", "--threshold", "3", "--out", Path.Combine(_dir, "synth"));
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "synth", "walkforward.json"))).RootElement;
        Assert.Equal("symbol", json.GetProperty("select").GetString());
        var fold = json.GetProperty("folds").EnumerateArray().First(f => f.GetProperty("skipped").ValueKind == JsonValueKind.Null);
        Assert.Equal(JsonValueKind.Null, fold.GetProperty("parameters").ValueKind);
        Assert.All(fold.GetProperty("symbols").EnumerateArray(), s => Assert.True(s.TryGetProperty("parameters", out _)));
    }

    [Fact]
    public void Any_strategy_walks_forward_and_its_test_windows_trade_as_the_reference_of_the_chosen_values()
    {
        var r = Bt.Run(null, "walkforward", "--strategy", "sma_cross", "--synth-symbols", "4", "--synth-days", "8", "--train", "3", "--test", "2",
            "--grid", "fast=5,10", "--grid", "slow=30,60", "--out", Path.Combine(_dir, "cross"));
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_dir, "cross", "walkforward.json"))).RootElement;
        Assert.Equal("sma_cross", json.GetProperty("strategy").GetProperty("name").GetString());
        var folds = json.GetProperty("folds").EnumerateArray().Where(f => f.GetProperty("skipped").ValueKind == JsonValueKind.Null).ToArray();
        Assert.NotEmpty(folds);
        foreach (var fold in folds)
        {
            var chosen = fold.GetProperty("parameters");
            Assert.Contains(chosen.GetProperty("fast").GetInt32(), new[] { 5, 10 });
            Assert.Contains(chosen.GetProperty("slow").GetInt32(), new[] { 30, 60 });
            Assert.False(chosen.TryGetProperty("sma_fast", out _), "sma_cross's parameters, not s3's");
        }
        // sma_cross is always in the market: every test window of a fold trades (it reverses at each cross).
        Assert.Contains(folds, f => f.GetProperty("symbols").EnumerateArray().Any(s => s.TryGetProperty("trades", out var trades) && trades.GetInt32() > 0));
    }
}
