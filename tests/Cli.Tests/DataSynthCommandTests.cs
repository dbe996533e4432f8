using Backtest.Cli.Running;
using Backtest.Engines;
using Xunit;

namespace Backtest.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class DataSynthCommandTests
{
    [Fact]
    public void Synth_writes_the_universe_where_asked()
    {
        var (services, data, _) = Services.Fake();
        string dir = Path.Combine(Path.GetTempPath(), "bt-synth-" + Guid.NewGuid().ToString("N"));
        try
        {
            var r = Bt.Run(services, "data", "synth", "--out", dir, "--symbols", "4", "--days", "2", "--seed", "1");
            Assert.True(r.ExitCode == 0, r.ToString());
            Assert.Equal(dir, data.WrittenTo);
            Assert.Contains("Wrote 4 symbols (240 bars, seed 1)", r.Out, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Synth_without_out_or_with_no_symbols_exits_2()
    {
        var (services, data, _) = Services.Fake();
        Assert.Equal(2, Bt.Run(services, "data", "synth").ExitCode);
        Assert.Equal(2, Bt.Run(services, "data", "synth", "--out", "x", "--symbols", "0").ExitCode);
        Assert.Equal(0, data.Syntheses);
    }
}
