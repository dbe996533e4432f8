using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Backtest.Data.Gaps;
using Backtest.Strategy;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>
/// `bt run`: the options every backtest command shares (<see cref="BacktestOptionSet"/>) and its own (batches,
/// progress, engine, --out), handed as they are to <see cref="RunPipeline"/>.
/// </summary>
public sealed class RunCommand(CliServices services, CommandState state, StopSignals signals)
{
    public const string Description =
        "Backtest a strategy (the built-in s3 unless --strategy says otherwise) on every symbol of --data (or of the built-in synthetic universe) and write " +
        "results.json, summary.csv and trades.csv to --out.";

    [Command("run", Description = Description)]
    public int Run(
        BacktestOptionSet common,
        // Reading in batches and showing progress: bt run's own (the grid commands read their bars whole)
        [Option("memory-budget", Description = "Memory the run may use; symbols are read in batches that fit (512MB, 8GiB, 40%). Default: a quarter of physical memory.", ValueName = "SIZE")] string? memoryBudget = null,
        [Option("batch-size", Description = "Symbols per batch instead of sizing batches from --memory-budget (0 = all at once).", ValueName = "N")] int? batchSize = null,
        [Option("progress", Description = "Progress on stderr: auto (a live bar on a terminal, lines otherwise), bar, lines or none.", ValueName = "auto|bar|lines|none")] string progress = "auto",
        // Engine
        [Option("engine", Description = "Engine: auto (Metal where it runs and the workload is large enough, else simd), simd (the fast CPU engine), reference (the scalar oracle), metal, or metal-emulated (the Metal shader run on the CPU, to verify it).", ValueName = "NAME")] string engine = "auto",
        // Output
        [Option("out", Description = "Directory for results.json, summary.csv, trades.csv (and load_issues.txt); created if missing, the set replaced as a whole.", ValueName = "DIR")] string @out = OutputFolders.Run)
    {
        ArgumentNullException.ThrowIfNull(common);
        state.Started = true;
        var options = common.ToRunOptions(@out) with
        {
            MemoryBudget = memoryBudget,
            BatchSize = batchSize,
            Progress = progress,
            Engine = engine,
        };
        var token = signals.Token;
        return new RunPipeline(services, TerminalSafeWriter.Out, TerminalSafeWriter.Error).Execute(options, token);
    }
}
