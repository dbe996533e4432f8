using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>`bt data import`: reads a source (files, PostgreSQL) into a bar cache, via <see cref="ImportPipeline"/>.</summary>
public sealed class DataImportCommand(CliServices services, CommandState state, StopSignals signals)
{
    public const string Description =
        "Read bars from SOURCE (a directory or file of CSV/Parquet/LEAN bars, or postgres) into a bar cache that `bt run --data CACHE` maps without parsing. " +
        "An up-to-date cache is kept; a stale one is rebuilt.";

    [Command("import", Description = Description)]
    public int Import(
        [Argument("source", Description = "A path of bar files, `postgres` (the database of --db or DATABASE_URL), a postgresql:// URL, or `synthetic` (the built-in universe, sized by --synth-*).")] string source,
        [Option("out", Description = "The cache file to write (replaced atomically).", ValueName = "CACHE")] string @out,
        [Option("db", Description = "PostgreSQL connection (URL or Npgsql connection string) when SOURCE is postgres.", ValueName = "CONN")] string? db = null,
        [Option("db-timeout", Description = DbTimeoutOption.Description, ValueName = "SECONDS")] int dbTimeout = DbTimeoutOption.Default,
        [Option("tickers", Description = "Only the symbols of this file (a JSON array, or one per line). Default: every symbol.", ValueName = "FILE")] string? tickers = null,
        [Option("limit", Description = "At most this many symbols (after --tickers).", ValueName = "N")] int? limit = null,
        [Option("start", Description = "First instant kept, inclusive (a date or an ISO 8601 instant). Default: the first bar.", ValueName = "TIME")] string? start = null,
        [Option("end", Description = "Last instant kept, inclusive. Default: the last bar.", ValueName = "TIME")] string? end = null,
        [Option("on-invalid", Description = "Invalid rows: skip (count and keep them in the cache's account) or fail.", ValueName = "skip|fail")] string onInvalid = "skip",
        [Option("memory-budget", Description = "Memory the import may use (512MB, 8GiB, 40%). Default: a quarter of physical memory.", ValueName = "SIZE")] string? memoryBudget = null,
        [Option("batch-size", Description = "Symbols per block instead of sizing blocks from --memory-budget (0 = one block).", ValueName = "N")] int? batchSize = null,
        [Option("force", Description = "Rebuild the cache even when it is up to date.")] bool force = false,
        [Option("progress", Description = "Progress on stderr: auto, bar, lines or none.", ValueName = "auto|bar|lines|none")] string progress = "auto",
        [Option("synth-symbols", Description = "SOURCE synthetic: symbols of the synthetic universe.", ValueName = "N")] int synthSymbols = 500,
        [Option("synth-days", Description = "SOURCE synthetic: days of bars per symbol.", ValueName = "N")] int synthDays = 60,
        [Option("seed", Description = "SOURCE synthetic: seed (same seed, same bars).", ValueName = "N")] int seed = 42,
        [Option("quiet", Description = "Print nothing but errors.")] bool quiet = false)
    {
        state.Started = true;
        var options = new ImportOptions
        {
            Source = source,
            Out = @out,
            Db = db,
            DbTimeout = dbTimeout,
            Tickers = tickers,
            Limit = limit,
            Start = start,
            End = end,
            OnInvalid = onInvalid,
            MemoryBudget = memoryBudget,
            BatchSize = batchSize,
            Force = force,
            Progress = progress,
            Quiet = quiet,
            SynthSymbols = synthSymbols,
            SynthDays = synthDays,
            Seed = seed,
        };
        var token = signals.Token;
        return new ImportPipeline(services, TerminalSafeWriter.Out, TerminalSafeWriter.Error).Execute(options, token);
    }
}
