using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>`bt bench`: every available engine and precision timed side by side on synthetic bars (<see cref="BenchPipeline"/>).</summary>
public sealed class BenchCommand(CliServices services, CommandState state, StopSignals signals)
{
    public const string Description =
        "Time every available engine and precision side by side on the synthetic universe held in memory " +
        "(S3 defaults, next-open fills), beside the C ceiling kernel of shared/bench, and print bars/s, symbols/s and speed-up.";

    [Command("bench", Description = Description)]
    public int Bench(
        [Option("symbols", Description = "Symbols of the workload; a comma-separated list times each size (e.g. 100,1000,4000).", ValueName = "N[,N...]")] string symbols = "1000",
        [Option("bars", Description = "One-minute bars per symbol (16,380 = 42 sessions).", ValueName = "N")] int bars = 16_380,
        [Option("engines", Description = "Engines to time: all (every engine of this build but verification ones) or a comma-separated list.", ValueName = "all|NAME[,NAME...]")] string engines = "all",
        [Option("strategy", Description = "Strategies to time with their defaults: built-in names or .bt files, comma-separated, or all (every built-in; each row also gives its rate over s3's).", ValueName = "all|NAME[,NAME...]")] string strategy = "s3",
        [Option("precision", Description = "Precisions to time, comma-separated.", ValueName = "f64,f32")] string precision = "f64,f32",
        [Option("reps", Description = "Timed runs per engine and precision after one warm-up run; the best is reported.", ValueName = "N")] int reps = 5,
        [Option("reference-symbols", Description = "The reference engine (about 100x slower) is timed on at most this many of the symbols; its rate is per bar.", ValueName = "N")] int referenceSymbols = 100,
        [Option("ceiling", Description = "The C ceiling kernel: auto (shared/bench/s3_fused.c found above this directory or the program, built with gcc), a path to it, or none.", ValueName = "auto|PATH|none")] string ceiling = "auto",
        [Option("threads", Description = "Threads for the engines and the ceiling kernel; -1 = one per core.", ValueName = "N")] int threads = -1,
        [Option("seed", Description = "Seed of the synthetic universe.", ValueName = "N")] int seed = 42,
        [Option("json", Description = "Also write the timings to FILE: an array of {engine, precision, symbols, bars, seconds, bars_per_second, ...}.", ValueName = "FILE")] string? json = null)
    {
        state.Started = true;
        var options = new BenchOptions
        {
            Symbols = symbols,
            Bars = bars,
            Engines = engines,
            Strategies = strategy,
            Precisions = precision,
            Repetitions = reps,
            ReferenceSymbols = referenceSymbols,
            Ceiling = ceiling,
            Threads = threads,
            Seed = seed,
            Json = json,
        };
        var token = signals.Token;
        return new BenchPipeline(services, TerminalSafeWriter.Out, TerminalSafeWriter.Error).Execute(options, token);
    }
}
