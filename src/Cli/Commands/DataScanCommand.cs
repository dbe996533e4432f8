using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>`bt data scan`: reads a source batch by batch and reports what it holds and how fast it reads, via <see cref="ScanPipeline"/>.</summary>
public sealed class DataScanCommand(CliServices services, CommandState state, StopSignals signals)
{
    [Command("scan", Description = "Read every bar of SOURCE (a path, a bar cache, postgres, synthetic) in batches as a run would, without backtesting: counts, load account and read speed.")]
    public int Scan(
        [Argument("source", Description = "A path of bar files, a bar cache, `postgres` (--db or DATABASE_URL), a postgresql:// URL, or `synthetic`.")] string source,
        [Option("db", Description = "PostgreSQL connection (URL or Npgsql connection string).", ValueName = "CONN")] string? db = null,
        [Option("db-timeout", Description = DbTimeoutOption.Description, ValueName = "SECONDS")] int dbTimeout = DbTimeoutOption.Default,
        [Option("memory-budget", Description = "Memory the scan may use (512MB, 8GiB, 40%). Default: a quarter of physical memory.", ValueName = "SIZE")] string? memoryBudget = null,
        [Option("batch-size", Description = "Symbols per batch instead of sizing batches from --memory-budget (0 = all at once).", ValueName = "N")] int? batchSize = null,
        [Option("synth-symbols", Description = "SOURCE synthetic: symbols.", ValueName = "N")] int synthSymbols = 500,
        [Option("synth-days", Description = "SOURCE synthetic: days per symbol.", ValueName = "N")] int synthDays = 60,
        [Option("seed", Description = "SOURCE synthetic: seed.", ValueName = "N")] int seed = 42)
    {
        state.Started = true;
        var token = signals.Token;
        return new ScanPipeline(services, TerminalSafeWriter.Out, TerminalSafeWriter.Error).Execute(source, db, dbTimeout, memoryBudget, batchSize, (synthSymbols, synthDays, seed), token);
    }
}
