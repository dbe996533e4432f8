using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Backtest.Data.Gaps;
using Backtest.Strategy;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>
/// `bt run`: the options, their help and their defaults, handed as they are to <see cref="RunPipeline"/>.
/// The default values here must equal <see cref="StrategyParameters.Default"/> (a test checks it).
/// </summary>
public sealed class RunCommand(CliServices services, CommandState state, StopSignals signals)
{
    public const string Description =
        "Backtest a strategy (the built-in s3 unless --strategy says otherwise) on every symbol of --data (or of the built-in synthetic universe) and write " +
        "results.json, summary.csv and trades.csv to --out.";

    [Command("run", Description = Description)]
    public int Run(
        // Data
        [Option("data", Description = "Bars to backtest: a directory of <SYMBOL>.csv/.parquet files, one multi-symbol file, a bar cache (bt data import), or postgres. Without it, the built-in synthetic universe (see --synth-*).", ValueName = "PATH")] string? data = null,
        [Option("tickers", Description = "Only the symbols of this file (a JSON array, or one per line), in its order. Default: every symbol.", ValueName = "FILE")] string? tickers = null,
        [Option("limit", Description = "At most this many symbols (after --tickers). Default: no limit.", ValueName = "N")] int? limit = null,
        [Option("days", Description = "Only the last N days: end - N*86400 s < t <= end, end = the last bar over all symbols. Default: all.", ValueName = "N")] int? days = null,
        [Option("start", Description = "First instant kept, inclusive: a date (00:00Z) or an ISO 8601 instant. Default: the first bar.", ValueName = "TIME")] string? start = null,
        [Option("end", Description = "Last instant kept, inclusive: a date (to the end of that day) or an ISO 8601 instant. Default: the last bar.", ValueName = "TIME")] string? end = null,
        [Option("on-invalid", Description = "Invalid rows: skip (count them, report them with file:line) or fail (stop at the first).", ValueName = "skip|fail")] string onInvalid = "skip",
        [Option("max-gap", Description = GapOptions.MaxGapDescription, ValueName = "DURATION")] string maxGap = GapPolicy.DefaultText,
        [Option("split-at-gaps", Description = GapOptions.SplitDescription)] bool splitAtGaps = false,
        [Option("db", Description = "Read PostgreSQL (tickers, minute_prices): a postgresql://user:password@host:port/db URL or an Npgsql connection string. --data postgres uses DATABASE_URL.", ValueName = "CONN")] string? db = null,
        [Option("db-timeout", Description = DbTimeoutOption.Description, ValueName = "SECONDS")] int dbTimeout = DbTimeoutOption.Default,
        [Option("memory-budget", Description = "Memory the run may use; symbols are read in batches that fit (512MB, 8GiB, 40%). Default: a quarter of physical memory.", ValueName = "SIZE")] string? memoryBudget = null,
        [Option("batch-size", Description = "Symbols per batch instead of sizing batches from --memory-budget (0 = all at once).", ValueName = "N")] int? batchSize = null,
        [Option("progress", Description = "Progress on stderr: auto (a live bar on a terminal, lines otherwise), bar, lines or none.", ValueName = "auto|bar|lines|none")] string progress = "auto",
        // Synthetic universe
        [Option("synth-symbols", Description = "Without --data: symbols of the synthetic universe.", ValueName = "N")] int synthSymbols = 500,
        [Option("synth-days", Description = "Without --data: days of bars per synthetic symbol.", ValueName = "N")] int synthDays = 60,
        [Option("seed", Description = "Without --data: seed of the synthetic universe (same seed, same bars).", ValueName = "N")] int seed = 42,
        // Strategy (strategies.md) and execution (semantics §4)
        [Option("strategy", Description = "The strategy: a built-in's name (bt strategies lists them) or the path of a .bt file (docs/strategies.md).", ValueName = "NAME|FILE")] string strategy = Backtest.Strategies.Library.StrategyLibrary.DefaultName,
        [Option(ParameterOverrides.OptionName, Description = "A strategy parameter's value, NAME=VALUE (repeat for several); --NAME VALUE says the same (s3's --sma-fast 10 is --param sma_fast=10).", ValueName = "NAME=VALUE")] string[]? param = null,
        [Option("capital", Description = "Starting cash per symbol (> 0).", ValueName = "X")] double capital = 100_000,
        [Option("position-size", Description = "Share of cash spent on an entry, in (0, 1].", ValueName = "X")] double positionSize = 0.05,
        [Option("fee-fixed", Description = "Fixed fee per order, in cash.", ValueName = "X")] double feeFixed = 1.0,
        [Option("fee-bps", Description = "Fee per order in basis points of its notional.", ValueName = "X")] double feeBps = 0,
        [Option("slippage-bps", Description = "Fill price moved against the trader, in basis points (< 10000).", ValueName = "X")] double slippageBps = 0,
        [Option("fill", Description = "When a decision at a close fills: next-open (the next bar's open) or close (that close, the seed system's way).", ValueName = "next-open|close")] string fill = "next-open",
        [Option("stop-loss-pct", Description = "Stop loss, percent below the entry fill; 0 = off.", ValueName = "X")] double stopLossPct = 0,
        [Option("take-profit-pct", Description = "Take profit, percent above the entry fill; 0 = off.", ValueName = "X")] double takeProfitPct = 0,
        [Option("max-hold-bars", Description = "Exit at the close once held this many bars; 0 = off.", ValueName = "N")] int maxHoldBars = 0,
        [Option("periods-per-year", Description = "P of the Sharpe and Sortino ratios; auto = inferred per symbol from the bar spacing (spec §5).", ValueName = "auto|X")] string periodsPerYear = "auto",
        // Engine
        [Option("engine", Description = "Engine: auto (Metal where it runs and the workload is large enough, else simd), simd (the fast CPU engine), reference (the scalar oracle), metal, or metal-emulated (the Metal shader run on the CPU, to verify it).", ValueName = "NAME")] string engine = "auto",
        [Option("precision", Description = "Floating-point width: f64 or f32 (if the engine supports it).", ValueName = "f64|f32")] string precision = "f64",
        // Output
        [Option("out", Description = "Directory for results.json, summary.csv, trades.csv (and load_issues.txt); created if missing, the set replaced as a whole.", ValueName = "DIR")] string @out = OutputFolders.Run,
        [Option("quiet", Description = "Print nothing but errors.")] bool quiet = false)
    {
        state.Started = true;
        var options = new RunOptions
        {
            Data = data,
            Tickers = tickers,
            Limit = limit,
            Days = days,
            Start = start,
            End = end,
            OnInvalid = onInvalid,
            MaxGap = maxGap,
            SplitAtGaps = splitAtGaps,
            Db = db,
            DbTimeout = dbTimeout,
            MemoryBudget = memoryBudget,
            BatchSize = batchSize,
            Progress = progress,
            SynthSymbols = synthSymbols,
            SynthDays = synthDays,
            Seed = seed,
            Strategy = strategy,
            StrategyParams = param ?? [],
            Parameters = new StrategyParameters
            {
                Capital = capital,
                PositionSize = positionSize,
                FeeFixed = feeFixed,
                FeeBps = feeBps,
                SlippageBps = slippageBps,
                StopLossPct = stopLossPct,
                TakeProfitPct = takeProfitPct,
                MaxHoldBars = maxHoldBars,
            },
            Fill = fill,
            PeriodsPerYear = periodsPerYear,
            Engine = engine,
            Precision = precision,
            Out = @out,
            Quiet = quiet,
        };
        var token = signals.Token;
        return new RunPipeline(services, TerminalSafeWriter.Out, TerminalSafeWriter.Error).Execute(options, token);
    }
}
