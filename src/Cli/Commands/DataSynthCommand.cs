using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>`bt data synth`: writes the built-in synthetic universe as CSV files, via <see cref="SynthPipeline"/>.</summary>
public sealed class DataSynthCommand(CliServices services, CommandState state, StopSignals signals)
{
    [Command("synth", Description = "Write the built-in synthetic universe (the bars `bt run` uses without --data) as DIR/<SYMBOL>.csv files.")]
    public int Synth(
        [Option("out", Description = "Directory to write the CSV files to; created if missing.", ValueName = "DIR")] string @out,
        [Option("symbols", Description = "Number of symbols.", ValueName = "N")] int symbols = 500,
        [Option("days", Description = "Days of bars per symbol.", ValueName = "N")] int days = 60,
        [Option("seed", Description = "Seed (same seed, same bars).", ValueName = "N")] int seed = 42)
    {
        state.Started = true;
        var token = signals.Token;
        return new SynthPipeline(services, TerminalSafeWriter.Out, TerminalSafeWriter.Error).Execute(@out, symbols, days, seed, token);
    }
}
