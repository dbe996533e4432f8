using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Backtest.Benchmarking;
using Backtest.Cli.Benchmarking;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Lanes;
using Backtest.Panel;
using Backtest.Results;
using Backtest.Strategies.Language;
using Backtest.Strategies.Library;
using Backtest.Strategy;

namespace Backtest.Cli.Running;

/// <summary>
/// `bt bench`: for each size and precision, the synthetic universe generated straight into a panel, every
/// chosen engine timed on it (one warm-up, then the best of N runs), the C ceiling kernel timed beside the
/// f32 engines, and a table of bars/s, symbols/s and speed-up over the reference. The reference engine,
/// about a hundred times slower, is timed on a subset of the symbols: its rate per bar is what compares.
/// </summary>
public sealed class BenchPipeline(CliServices services, TextWriter stdout, TextWriter stderr)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The name the ceiling kernel's rows carry.</summary>
    public const string CeilingName = "s3_fused.c";

    public int Execute(BenchOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var sizes = ParseSizes(options.Symbols, errors);
        var precisions = ParsePrecisions(options.Precisions, errors);
        if (options.Bars < 1) errors.Add($"--bars must be at least 1 (got {options.Bars}).");
        if (options.Repetitions < 1) errors.Add($"--reps must be at least 1 (got {options.Repetitions}).");
        if (options.ReferenceSymbols < 1) errors.Add($"--reference-symbols must be at least 1 (got {options.ReferenceSymbols}).");
        if (options.Threads is 0 or < -1) errors.Add($"--threads must be -1 (one per core) or at least 1 (got {options.Threads}).");
        var engines = ResolveEngines(options, errors);
        var strategies = ResolveStrategies(options.Strategies, errors);
        string? ceilingSource = ResolveCeiling(options.Ceiling, errors);
        if (errors.Count > 0)
        {
            foreach (var e in errors) stderr.WriteLine($"bt bench: {e}");
            stderr.WriteLine("Nothing was run. See 'bt bench --help'.");
            return ExitCodes.Usage;
        }

        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        CeilingKernel? ceiling = null;
        if (ceilingSource is not null)
        {
            ceiling = CeilingKernel.Build(ceilingSource, Path.Combine(Path.GetTempPath(), "bt-bench-ceiling"), out string? problem);
            if (ceiling is null) stderr.WriteLine($"bt bench: the ceiling kernel is left out: {problem}");
        }

        try
        {
            WriteHeader(options, threads, ceilingSource is not null && ceiling is not null ? ceilingSource : null);
            var timings = new List<(int Size, EngineTiming Timing)>();
            var memory = new List<(int Symbols, Precision Precision, long Panel, long Peak, bool Reset)>();
            foreach (int symbols in sizes)
            {
                foreach (var precision in precisions)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    stderr.WriteLine(string.Create(Inv, $"Generating {symbols:N0} x {options.Bars:N0} bars ({precision.Name()}) ..."));
                    using var panel = precision == Precision.F32
                        ? (BarPanel)SyntheticPanels.Create<float>(symbols, options.Bars, (ulong)options.Seed, cancellationToken)
                        : SyntheticPanels.Create<double>(symbols, options.Bars, (ulong)options.Seed, cancellationToken);
                    // The memory of the panel engines alone: a fresh peak once the panel is built and the
                    // generator's garbage is gone, read before the series engines build their own copies.
                    bool reset = ProcessMemory.ResetPeak();
                    bool measured = false;
                    foreach (var strategy in strategies)
                    foreach (var engine in engines.Where(e => e.Supports(precision)).OrderBy(e => e is IPanelEngine ? 0 : 1))
                    {
                        if (engine.CannotRun(strategy) is { } cannot)
                        {
                            stderr.WriteLine($"bt bench: {engine.Name} is not timed on {strategy.Definition.Name}: {cannot}.");
                            continue;
                        }
                        if (engine is not IPanelEngine && !measured)
                        {
                            memory.Add((symbols, precision, panel.Bytes, ProcessMemory.PeakResidentBytes(), reset));
                            measured = true;
                        }
                        // Beside the ceiling, the f32 SIMD engine and the C kernel take turns, so that a noisy
                        // neighbour slows both alike; each keeps its best.
                        bool interleave = ceiling is not null && precision == Precision.F32 && engine is SimdEngine && S3Strategy.Is(strategy);
                        if (!interleave)
                        {
                            timings.Add((symbols, Time(engine, strategy, panel, precision, symbols, options, cancellationToken)));
                            continue;
                        }
                        var (simd, c) = TimeBesideCeiling(engine, strategy, panel, ceiling!, symbols, threads, options, cancellationToken);
                        timings.Add((symbols, simd));
                        timings.Add((symbols, c));
                    }
                    if (!measured) memory.Add((symbols, precision, panel.Bytes, ProcessMemory.PeakResidentBytes(), reset));
                    if (precision == Precision.F32 && ceiling is not null && !engines.Any(e => e is SimdEngine))
                        timings.Add((symbols, TimeCeiling(ceiling, symbols, options.Bars, threads)));
                }
            }

            WriteTable(timings);
            WriteMemory(memory);
            if (options.Json is { } path) WriteJson(path, [.. timings.Select(t => t.Timing)]);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("bt bench: cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"bt bench: cannot write {options.Json}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static EngineTiming Time(IBacktestEngine engine, StrategyInstance strategy, BarPanel panel, Precision precision, int symbols, BenchOptions options, CancellationToken ct)
    {
        var p = StrategyParameters.Default;
        if (engine is IPanelEngine panelEngine)
            return EngineTiming.Measure(engine.Name, precision, symbols, options.Bars, options.Repetitions, () => panelEngine.Run(panel, strategy, p, ct))
                with { Strategy = strategy.Definition.Name };

        // A series engine (the reference) on a subset, as series.
        int subset = Math.Min(symbols, options.ReferenceSymbols);
        var series = new BarSeries[subset];
        for (int i = 0; i < subset; i++) series[i] = SyntheticPanels.Series(symbols, options.Bars, i, (ulong)options.Seed);
        return EngineTiming.Measure(engine.Name, precision, subset, options.Bars, options.Repetitions, () => engine.Run(series, strategy, p, precision, ct))
            with { Strategy = strategy.Definition.Name };
    }

    // The kernel takes the best of five itself; two runs of it bracket the noise of a shared machine.
    private static EngineTiming TimeCeiling(CeilingKernel ceiling, int symbols, int bars, int threads)
    {
        double best = Math.Min(ceiling.Run(symbols, bars, threads), ceiling.Run(symbols, bars, threads));
        return new EngineTiming(CeilingName, Precision.F32, symbols, bars, best, best, 0);
    }

    /// <summary>Five rounds, each one kernel run (its own best of five) and a fifth of the engine's runs.</summary>
    private static (EngineTiming Engine, EngineTiming Ceiling) TimeBesideCeiling(
        IBacktestEngine engine, StrategyInstance strategy, BarPanel panel, CeilingKernel ceiling, int symbols, int threads, BenchOptions options, CancellationToken ct)
    {
        const int rounds = 5;
        var runs = new List<EngineTiming>();
        double ceilingBest = double.MaxValue;
        var perRound = options with { Repetitions = Math.Max(1, (options.Repetitions + rounds - 1) / rounds) };
        for (int round = 0; round < rounds; round++)
        {
            ceilingBest = Math.Min(ceilingBest, ceiling.Run(symbols, options.Bars, threads));
            runs.Add(Time(engine, strategy, panel, Precision.F32, symbols, perRound, ct));
        }
        var best = runs.MinBy(r => r.BestSeconds)!;
        double median = runs.Select(r => r.MedianSeconds).Order().ElementAt(rounds / 2);
        return (best with { MedianSeconds = median },
            new EngineTiming(CeilingName, Precision.F32, symbols, options.Bars, ceilingBest, ceilingBest, 0));
    }

    private IReadOnlyList<IBacktestEngine> ResolveEngines(BenchOptions options, List<string> errors)
    {
        var names = options.Engines.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? services.Engines.Available.Where(n => !n.EndsWith("-emulated", StringComparison.OrdinalIgnoreCase)).ToList()
            : [.. options.Engines.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var engines = new List<IBacktestEngine>();
        foreach (string name in names)
        {
            var engine = services.Engines.Resolve(name, Precision.F64, out string? error) ?? services.Engines.Resolve(name, Precision.F32, out error);
            if (engine is null) errors.Add(error!.Replace("--precision", "precision", StringComparison.Ordinal));
            else engines.Add(engine is SimdEngine simd && options.Threads > 0 ? new SimdEngine(simd.Width, options.Threads) : engine);
        }
        if (names.Count == 0) errors.Add("--engines names no engine.");
        return engines;
    }

    /// <summary>The strategies to time with their defaults: "all" is every built-in; a problem is a §7 error line.</summary>
    private static List<StrategyInstance> ResolveStrategies(string text, List<string> errors)
    {
        var names = text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? [.. StrategyLibrary.Names]
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var strategies = new List<StrategyInstance>();
        foreach (string name in names)
        {
            var problems = new List<StrategyError>();
            if (StrategyChoice.Compile(name, [], problems) is { } strategy) strategies.Add(strategy);
            errors.AddRange(problems.Select(e => $"--strategy: {e}"));
        }
        if (names.Count == 0) errors.Add("--strategy names no strategy.");
        return strategies;
    }

    private static List<int> ParseSizes(string text, List<string> errors)
    {
        var sizes = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (int.TryParse(part, NumberStyles.Integer, Inv, out int n) && n >= 1) sizes.Add(n);
            else errors.Add($"--symbols: '{part}' is not a whole number of symbols ≥ 1.");
        }
        if (sizes.Count == 0 && errors.Count == 0) errors.Add("--symbols names no size.");
        return sizes;
    }

    private static List<Precision> ParsePrecisions(string text, List<string> errors)
    {
        var precisions = new List<Precision>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.Equals("f64", StringComparison.OrdinalIgnoreCase)) precisions.Add(Precision.F64);
            else if (part.Equals("f32", StringComparison.OrdinalIgnoreCase)) precisions.Add(Precision.F32);
            else errors.Add($"--precision: '{part}' is not f64 or f32.");
        }
        return [.. precisions.Distinct()];
    }

    /// <summary>The C source, or null for none; "auto" looks for shared/bench/s3_fused.c above here and above the program.</summary>
    private static string? ResolveCeiling(string option, List<string> errors)
    {
        if (option.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
        if (!option.Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            if (File.Exists(option)) return Path.GetFullPath(option);
            errors.Add($"--ceiling {option}: no such file.");
            return null;
        }
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "bench", "s3_fused.c");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private void WriteHeader(BenchOptions options, int threads, string? ceiling)
    {
        stdout.WriteLine(string.Create(Inv,
            $"bt bench: each strategy with its defaults, next-open fills, synthetic one-minute bars (seed {options.Seed}) in memory; best of {options.Repetitions} runs after a warm-up"));
        stdout.WriteLine(string.Create(Inv,
            $"Machine: {RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}, {Environment.ProcessorCount} cores ({threads} used), " +
            $"{RuntimeInformation.OSDescription.Trim()}, .NET {Environment.Version}, widest vectors {VectorWidths.Best.Name()}"));
        stdout.WriteLine(ceiling is null ? "Ceiling: none" : $"Ceiling: {ceiling} (gcc -O3 -march=native -ffast-math -fopenmp, approximate S3, f32)");
        stdout.WriteLine();
    }

    private void WriteTable(List<(int Size, EngineTiming Timing)> timings)
    {
        stdout.WriteLine("  strategy            engine        precision   symbols      bars    best s  median s        bars/s     symbols/s   vs reference    vs s3");
        foreach (var (size, t) in timings)
        {
            // The reference is timed on a subset of each size: its rate per bar is what compares.
            var reference = timings.FirstOrDefault(r => r.Size == size && r.Timing.Engine == "reference" && r.Timing.Strategy == t.Strategy).Timing;
            string versus = reference is null || t.Engine == "reference" ? "" : string.Create(Inv, $"{t.BarsPerSecond / reference.BarsPerSecond:F0}x");
            // Each strategy's rate beside s3's on the same engine, precision and size (the issue's yardstick).
            var s3 = timings.FirstOrDefault(r => r.Size == size && r.Timing.Engine == t.Engine && r.Timing.Precision == t.Precision && r.Timing.Strategy == StrategyLibrary.DefaultName).Timing;
            string versusS3 = s3 is null || t.Strategy == StrategyLibrary.DefaultName || t.Engine == CeilingName ? "" : string.Create(Inv, $"{t.BarsPerSecond / s3.BarsPerSecond:F2}");
            stdout.WriteLine(string.Create(Inv,
                $"  {(t.Engine == CeilingName ? "" : t.Strategy),-18}  {t.Engine,-12}  {t.Precision.Name(),-9} {t.Symbols,9:N0} {t.Bars,9:N0} {t.BestSeconds,9:F4} {t.MedianSeconds,9:F4} {Rate(t.BarsPerSecond),13} {t.SymbolsPerSecond,13:N0}   {versus,12}   {versusS3,6}"));
        }

        foreach (var (size, c) in timings.Where(t => t.Timing.Engine == CeilingName))
        {
            var simd = timings.FirstOrDefault(t => t.Size == size && t.Timing.Engine == "simd" && t.Timing.Precision == Precision.F32 && t.Timing.Strategy == StrategyLibrary.DefaultName).Timing;
            if (simd is not null)
                stdout.WriteLine(string.Create(Inv, $"simd f32 / {CeilingName} at {size:N0} symbols: {simd.BarsPerSecond / c.BarsPerSecond:F2}"));
        }
    }

    private void WriteMemory(List<(int Symbols, Precision Precision, long Panel, long Peak, bool Reset)> memory)
    {
        foreach (var (symbols, precision, panel, peak, reset) in memory)
        {
            double bound = 1.2 * panel + 100e6;
            string scope = reset ? "with the panel built, while the panel engines ran" : "since the process started (peak could not be reset)";
            stdout.WriteLine(string.Create(Inv,
                $"Memory, {symbols:N0} symbols {precision.Name()}: peak resident {peak / 1e6:N0} MB {scope}; panel {panel / 1e6:N0} MB; bound 1.2 x panel + 100 MB = {bound / 1e6:N0} MB"));
        }
    }

    private static string Rate(double barsPerSecond) => barsPerSecond switch
    {
        >= 1e9 => string.Create(Inv, $"{barsPerSecond / 1e9:F2} G"),
        >= 1e6 => string.Create(Inv, $"{barsPerSecond / 1e6:F1} M"),
        _ => string.Create(Inv, $"{barsPerSecond / 1e3:F1} k"),
    };

    private static void WriteJson(string path, List<EngineTiming> timings)
    {
        var rows = timings.Select(t => new Dictionary<string, object>
        {
            ["strategy"] = t.Engine == CeilingName ? "s3 (approximate)" : t.Strategy,
            ["engine"] = t.Engine,
            ["precision"] = t.Precision.Name(),
            ["symbols"] = t.Symbols,
            ["bars"] = t.Bars,
            ["seconds"] = t.BestSeconds,
            ["bars_per_second"] = t.BarsPerSecond,
            ["median_seconds"] = t.MedianSeconds,
            ["symbols_per_second"] = t.SymbolsPerSecond,
        });
        string text = JsonSerializer.Serialize(rows, new JsonSerializerOptions { WriteIndented = true });
        AtomicFileWriter.WriteText(path, writer => writer.Write(text));
    }
}
