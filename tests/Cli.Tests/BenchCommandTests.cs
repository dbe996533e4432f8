using System.Text.Json;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>`bt bench` end to end on a tiny workload with this build's engines (no timing is asserted).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_times_every_engine_and_precision_and_writes_the_json()
    {
        string json = Path.Combine(Path.GetTempPath(), "bt-bench-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var r = Bt.Run(null, "bench", "--symbols", "17,33", "--bars", "300", "--reps", "1", "--reference-symbols", "5", "--ceiling", "none", "--json", json);
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Contains("vs reference", r.Out, StringComparison.Ordinal);
            Assert.Contains("Memory, 33 symbols f64", r.Out, StringComparison.Ordinal);

            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var rows = doc.RootElement.EnumerateArray().ToList();
            foreach (var row in rows)
                foreach (string field in new[] { "engine", "precision", "symbols", "bars", "seconds", "bars_per_second" })
                    Assert.True(row.TryGetProperty(field, out _), field);
            // simd in both precisions and the reference in f64, at both sizes; the reference on its subset.
            Assert.Contains(rows, x => x.GetProperty("engine").GetString() == "simd" && x.GetProperty("precision").GetString() == "f32" && x.GetProperty("symbols").GetInt32() == 33);
            Assert.Contains(rows, x => x.GetProperty("engine").GetString() == "simd" && x.GetProperty("precision").GetString() == "f64" && x.GetProperty("symbols").GetInt32() == 17);
            Assert.Contains(rows, x => x.GetProperty("engine").GetString() == "reference" && x.GetProperty("symbols").GetInt32() == 5);
            Assert.All(rows, x => Assert.True(x.GetProperty("bars_per_second").GetDouble() > 0));
            Assert.DoesNotContain(rows, x => x.GetProperty("engine").GetString() == "metal-emulated");
        }
        finally
        {
            if (File.Exists(json)) File.Delete(json);
        }
    }

    [Fact]
    public void Bench_strategy_all_times_every_built_in_and_gives_its_rate_over_s3s()
    {
        string json = Path.Combine(Path.GetTempPath(), "bt-bench-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            var r = Bt.Run(null, "bench", "--strategy", "all", "--engines", "reference", "--precision", "f64", "--symbols", "9", "--bars", "400",
                "--reps", "1", "--reference-symbols", "3", "--ceiling", "none", "--json", json);
            Assert.True(r.ExitCode == 0, r.ToString());
            using var doc = JsonDocument.Parse(File.ReadAllText(json));
            var strategies = doc.RootElement.EnumerateArray().Select(x => x.GetProperty("strategy").GetString()!).ToList();
            Assert.Equal(Backtest.Strategies.Library.StrategyLibrary.Names, strategies);
            Assert.Contains("vs s3", r.Out, StringComparison.Ordinal);

            r = Bt.Run(null, "bench", "--strategy", "nosuch", "--symbols", "9", "--bars", "400", "--ceiling", "none");
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Contains("--strategy: nosuch: no built-in strategy of this name", r.Error, StringComparison.Ordinal);
        }
        finally
        {
            if (File.Exists(json)) File.Delete(json);
        }
    }

    [Fact]
    public void Bad_sizes_precisions_or_engines_exit_2_before_any_work()
    {
        var r = Bt.Run(null, "bench", "--symbols", "ten", "--precision", "f16", "--engines", "gpu", "--reps", "0");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--symbols: 'ten'", r.Error, StringComparison.Ordinal);
        Assert.Contains("--precision: 'f16'", r.Error, StringComparison.Ordinal);
        Assert.Contains("--engine gpu is not an engine", r.Error, StringComparison.Ordinal);
        Assert.Contains("--reps must be at least 1", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Generating", r.Error, StringComparison.Ordinal);
    }
}
