using System.Text.Json;
using Backtest.Metal;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>`--engine metal`, `metal-emulated` and `auto` with this build's real engines.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class MetalEngineOptionTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "bt-metal-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out)) Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public void Engine_metal_off_apple_silicon_exits_2_at_once_with_the_reason()
    {
        Assert.SkipWhen(MetalPlatform.IsSupportedPlatform, "this machine runs Metal; the macos-14 CI job runs --engine metal for real");
        var r = Bt.Run(null, "run", "--engine", "metal", "--precision", "f32", "--out", _out);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.StartsWith("bt run: --engine metal cannot run here: the Metal engine needs macOS on Apple silicon (arm64)", r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("generating the synthetic universe", r.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_out));
    }

    [Fact]
    public void Engine_metal_emulated_runs_the_kernel_end_to_end()
    {
        var r = Bt.Run(null, "run", "--engine", "metal-emulated", "--precision", "f32", "--synth-symbols", "30", "--synth-days", "3", "--out", _out);
        Assert.True(r.ExitCode == 0, r.ToString());
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "results.json")));
        var run = json.RootElement.GetProperty("run");
        Assert.Equal("metal-emulated", run.GetProperty("engine").GetString());
        Assert.Equal("f32", run.GetProperty("precision").GetString());
        Assert.Equal(30, run.GetProperty("symbols").GetInt32());
    }

    [Fact]
    public void Engine_auto_says_which_engine_it_chose_and_why()
    {
        var r = Bt.Run(null, "run", "--engine", "auto", "--synth-symbols", "5", "--synth-days", "2", "--out", _out);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("--engine auto chose ", r.Error, StringComparison.Ordinal);
        Assert.Contains("metal", r.Error, StringComparison.Ordinal);
    }
}
