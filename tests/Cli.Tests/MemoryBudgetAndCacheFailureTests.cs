using System.Buffers.Binary;
using System.IO.Hashing;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>An asked-for memory budget is held or refused with the budget that works; a damaged cache is one line and exit 1.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class MemoryBudgetAndCacheFailureTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-cli-" + Guid.NewGuid().ToString("N"));

    public MemoryBudgetAndCacheFailureTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Batch_size_0_with_a_budget_too_small_for_one_batch_is_refused_naming_both_ways_out()
    {
        // 20 symbols of 1,950 bars: one batch needs some 9 MiB past the 256 MiB reserve, more than a 257 MiB budget.
        string output = Path.Combine(_dir, "out");
        var r = Bt.Run(null, "run", "--synth-symbols", "20", "--synth-days", "5", "--memory-budget", "257MiB", "--batch-size", "0", "--out", output);
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains("--batch-size 0 reads all 20 symbols (39,000 bars) in one batch", r.Error, StringComparison.Ordinal);
        Assert.Contains("Leave out --batch-size", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "results.json")));

        // The same budget sizing the batches itself holds the run.
        r = Bt.Run(null, "run", "--synth-symbols", "20", "--synth-days", "5", "--memory-budget", "257MiB", "--out", output);
        Assert.True(r.ExitCode == 0, r.ToString());
    }

    [Fact]
    public void A_cache_with_a_crafted_header_field_is_one_line_naming_the_field_and_exit_1()
    {
        string cache = Path.Combine(_dir, "bars.btcache");
        var import = Bt.Run(null, "data", "import", "synthetic", "--synth-symbols", "3", "--synth-days", "2", "--out", cache);
        Assert.True(import.ExitCode == 0, import.ToString());
        var bytes = File.ReadAllBytes(cache);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(32), -64);   // metadata length
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), bytes.Length + 64L);   // metadata offset past the end
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(56), XxHash64.HashToUInt64(bytes.AsSpan(0, 56)));
        File.WriteAllBytes(cache, bytes);

        var r = Bt.Run(null, "run", "--data", cache, "--out", Path.Combine(_dir, "out"));
        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Contains($"cache '{cache}' is damaged: its metadata lies outside the file", r.Error, StringComparison.Ordinal);
        Assert.Single(r.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
