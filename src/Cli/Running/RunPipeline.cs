using System.Diagnostics;
using System.Globalization;
using Backtest.Data;
using Backtest.Data.Sources;
using Backtest.Engines;
using Backtest.Strategies.Language;
using Backtest.Metal;
using Backtest.Results;
using Backtest.Runs;
using Backtest.Strategy;

namespace Backtest.Cli.Running;

/// <summary>
/// `bt run` from checked options to files and report: check every option (exit 2 before any data is
/// read), load or synthesise the bars, run the engine, write the result files, print the report.
/// The report goes to <c>stdout</c>; progress and errors go to <c>stderr</c>.
/// </summary>
public sealed class RunPipeline(CliServices services, TextWriter stdout, TextWriter stderr)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly CommandMessages _messages = new("run", stderr);

    public int Execute(RunOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return ExecuteChecked(options, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return _messages.Cancelled();
        }
        catch (NotInThisBuildException e)
        {
            stderr.WriteLine($"bt run: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private int ExecuteChecked(RunOptions options, CancellationToken cancellationToken)
    {
        // The strategy first: its errors are strategies.md §7's FILE:LINE:COLUMN lines, printed as they are.
        var strategyErrors = new List<Backtest.Strategies.Language.StrategyError>();
        var strategy = StrategyChoice.Compile(options.Strategy, options.StrategyParams, strategyErrors);
        var errors = new List<string>();
        var checkedOptions = Check(options, errors);
        IBacktestEngine? engine = null;
        bool auto = EngineChooser.IsAuto(options.Engine);
        if (checkedOptions is { } c && strategy is not null)
        {
            // --engine auto is chosen once the workload is known; here it only needs an engine for the precision and strategy.
            string? engineError = auto
                ? EngineChooser.Check(services.Engines.Engines, c.Precision, strategy)
                : null;
            if (!auto)
            {
                engine = services.Engines.Resolve(options.Engine, c.Precision, out engineError);
                if (engine?.CannotRun(strategy) is { } cannot)
                {
                    engineError = $"--engine {engine.Name} cannot run this strategy: {cannot}.";
                    engine = null;
                }
            }
            if (engineError is not null) errors.Add(engineError);
        }
        if (strategyErrors.Count > 0)
        {
            StrategyChoice.Report(stderr, strategyErrors);
            return errors.Count > 0 ? _messages.Usage(errors) : ExitCodes.Usage;
        }
        if (errors.Count > 0 || checkedOptions is null || strategy is null || (engine is null && !auto))
            return _messages.Usage(errors);
        var (parameters, precision, onInvalid) = checkedOptions.Value;

        var request = BuildLoadRequest(options, onInvalid, errors);
        if (errors.Count > 0)
            return _messages.Usage(errors);

        // --data and --db read through a source in batches when this build's data stage offers one.
        IBarSource? source = null;
        if (request is not null)
        {
            try
            {
                source = services.Data.OpenSource(options.Data, options.Db, options.DbTimeout, w => stderr.WriteLine($"bt run: warning: {w}"), cancellationToken);
            }
            catch (DataLoadException e)
            {
                return _messages.Fail(e.Message);
            }
        }
        else
        {
            // The synthetic universe too, so that --synth-symbols 3000 --synth-days 252 stays within the budget.
            source = services.Data.OpenSynthetic(options.SynthSymbols, options.SynthDays, options.Seed);
            if (source is not null && !options.Quiet)
                stderr.WriteLine($"No --data: generating the synthetic universe ({options.SynthSymbols} symbols, {options.SynthDays} days, seed {options.Seed}) batch by batch ...");
        }
        if (source is not null)
        {
            using (source)
                return RunBatched(source, request ?? new LoadRequest { Path = source.Description }, options, strategy, parameters, engine, precision, cancellationToken);
        }

        LoadResult load;
        var loadClock = Stopwatch.StartNew();
        try
        {
            load = request is null ? Synthesize(options, cancellationToken) : LoadFiles(request, options.Quiet, cancellationToken);
        }
        catch (DataLoadException e)
        {
            return _messages.Fail(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return _messages.Fail($"cannot read {options.Data}: {e.Message}");
        }
        engine ??= ChooseEngine(load, strategy, precision, options.Quiet);
        if (!options.Quiet)
            stderr.WriteLine($"Loaded {load.Series.Count.ToString("N0", Inv)} series in {loadClock.Elapsed.TotalSeconds.ToString("F2", Inv)} s; running the {engine.Name} engine ({ResultText.Name(precision)}).");

        var outcome = BacktestRunService.Run(new RunRequest
        {
            Load = load,
            Parameters = parameters,
            Strategy = strategy,
            Engine = engine,
            Precision = precision,
            Gaps = GapOptions.Policy(options),
        }, cancellationToken);
        return Report(outcome, options);
    }

    /// <summary>The run over a source read in batches (the next loading while the engine computes the current one).</summary>
    private int RunBatched(IBarSource source, LoadRequest request, RunOptions options, StrategyInstance strategy, StrategyParameters parameters, IBacktestEngine? engine,
        Precision precision, CancellationToken cancellationToken)
    {
        long budget = options.MemoryBudget is { } text && MemoryBudget.TryParse(text, out long b) ? b : MemoryBudget.Default;
        if (!options.Quiet)
        {
            string running = engine is null ? "" : $"; running the {engine.Name} engine ({ResultText.Name(precision)})";
            // --batch-size sets the batches; an asked-for budget is then held (or the run refused), the default one is not.
            string batches = options.BatchSize is int n
                ? options.MemoryBudget is null ? $"batches of {(n == 0 ? "all symbols" : $"{n} symbols")} (--batch-size); no memory budget is applied"
                    : $"batches of {(n == 0 ? "all symbols" : $"{n} symbols")} (--batch-size) within the memory budget {MemoryBudget.Format(budget)}"
                : $"batches (memory budget {MemoryBudget.Format(budget)})";
            stderr.WriteLine($"Reading {source.Description} in {batches}{running} ...");
        }
        RunOutcome outcome;
        BatchedRunStats stats;
        try
        {
            (outcome, stats) = ProgressDisplay.For(options.Progress, options.Quiet, stderr).Run("bt run", progress => BatchedRunService.Run(new BatchedRunRequest
            {
                Source = source,
                Load = request,
                Parameters = parameters,
                Strategy = strategy,
                Engine = engine,
                // --engine auto: chosen for the whole run once the source has said how many symbols and bars it holds.
                ChooseEngine = (symbols, bars) => ChooseEngine(symbols, bars, strategy, precision, options.Quiet),
                Precision = precision,
                Gaps = GapOptions.Policy(options),
                MemoryBudget = budget,
                BatchSize = options.BatchSize,
                EnforceMemoryBudget = options.MemoryBudget is not null,
                Progress = progress,
            }, cancellationToken));
        }
        catch (DataLoadException e)
        {
            return _messages.Fail(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return _messages.Fail($"cannot read {source.Description}: {e.Message}");
        }
        if (!options.Quiet)
            stderr.WriteLine(string.Create(Inv, $"Read {stats.BarsRead:N0} bars in {stats.Batches:N0} batch{(stats.Batches == 1 ? "" : "es")}: loading {stats.LoadSeconds:F2} s, engine {stats.EngineSeconds:F2} s."));
        return Report(outcome, options);
    }

    /// <summary>Writes the result files and prints the report (or the failure) of a finished run.</summary>
    private int Report(RunOutcome outcome, RunOptions options)
    {
        var report = outcome.Report;
        if (!outcome.Succeeded)
        {
            if (!options.Quiet) ConsoleReportWriter.WriteLoadAccount(stdout, report);
            return _messages.Fail(outcome.FailureReason!);
        }

        IReadOnlyList<string> written;
        try
        {
            written = ResultFiles.Write(options.Out, report);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return _messages.Fail($"cannot write the results to {options.Out}: {e.Message}");
        }

        if (!options.Quiet)
        {
            string? issuesFile = written.FirstOrDefault(p => Path.GetFileName(p) == ResultFiles.IssuesFileName);
            ConsoleReportWriter.WriteLoadAccount(stdout, report, issuesFile);
            ConsoleReportWriter.WriteSummary(stdout, report);
            stdout.WriteLine($"Wrote {string.Join(", ", written.Select(Path.GetFileName))} to {Path.GetDirectoryName(written[0])}");
        }
        return ExitCodes.Success;
    }

    /// <summary>--engine auto: the engine for this workload (Check made sure there is one), said on stderr.</summary>
    private IBacktestEngine ChooseEngine(LoadResult load, StrategyInstance strategy, Precision precision, bool quiet) =>
        ChooseEngine(load.Series.Count, load.Series.Sum(s => (long)s.Count), strategy, precision, quiet);

    private IBacktestEngine ChooseEngine(int symbols, long bars, StrategyInstance strategy, Precision precision, bool quiet)
    {
        var choice = EngineChooser.Choose(services.Engines.Engines, precision, strategy, symbols, bars, services.Engines.UnavailableReason(MetalEngine.EngineName))
            ?? throw new InvalidOperationException("--engine auto found no engine although the options were checked.");
        if (!quiet) stderr.WriteLine($"--engine auto chose {choice.Engine.Name}: {choice.Reason}.");
        return choice.Engine;
    }

    /// <summary>Every option problem at once; null parts where a word could not be read.</summary>
    internal static (StrategyParameters Parameters, Precision Precision, InvalidRowPolicy OnInvalid)? Check(RunOptions o, List<string> errors)
    {
        FillMode? fill = o.Fill.ToLowerInvariant() switch
        {
            "next-open" => FillMode.NextOpen,
            "close" => FillMode.Close,
            _ => null,
        };
        if (fill is null) errors.Add($"--fill must be next-open or close (got '{o.Fill}').");

        double? periodsPerYear = null;
        if (!string.Equals(o.PeriodsPerYear, "auto", StringComparison.OrdinalIgnoreCase))
        {
            if (double.TryParse(o.PeriodsPerYear, NumberStyles.Float, Inv, out double p)) periodsPerYear = p;
            else errors.Add($"--periods-per-year must be auto or a number (got '{o.PeriodsPerYear}').");
        }

        Precision? precision = o.Precision.ToLowerInvariant() switch
        {
            "f64" => Engines.Precision.F64,
            "f32" => Engines.Precision.F32,
            _ => null,
        };
        if (precision is null) errors.Add($"--precision must be f64 or f32 (got '{o.Precision}').");

        InvalidRowPolicy? onInvalid = o.OnInvalid.ToLowerInvariant() switch
        {
            "skip" => InvalidRowPolicy.Skip,
            "fail" => InvalidRowPolicy.Fail,
            _ => null,
        };
        if (onInvalid is null) errors.Add($"--on-invalid must be skip or fail (got '{o.OnInvalid}').");

        var parameters = o.Parameters with { Fill = fill ?? FillMode.NextOpen, PeriodsPerYear = periodsPerYear };
        errors.AddRange(parameters.Validate());

        if (o.MemoryBudget is not null && !MemoryBudget.TryParse(o.MemoryBudget, out _))
            errors.Add($"--memory-budget must be a size such as 512MB, 8GiB or 40% (got '{o.MemoryBudget}').");
        if (o.BatchSize is < 0) errors.Add($"--batch-size must be at least 0 (0 = all symbols in one batch; got {o.BatchSize}).");
        if (!ProgressDisplay.Modes.Contains(o.Progress.ToLowerInvariant()))
            errors.Add($"--progress must be auto, bar, lines or none (got '{o.Progress}').");
        if (o.Db is not null && o.Data is not null && !BarSources.IsDatabase(o.Data) && !Backtest.Data.Cache.BarCacheFormat.IsCache(o.Data))
            errors.Add($"--db reads PostgreSQL and --data {o.Data} names files: give one of them (--db also checks a cache imported from a database).");
        GapOptions.Check(o, errors);
        if (DbTimeoutOption.Check(o.DbTimeout) is { } dbTimeout) errors.Add(dbTimeout);
        if (o.Limit is < 1) errors.Add($"--limit must be at least 1 (got {o.Limit}).");
        if (o.Days is < 1) errors.Add($"--days must be at least 1 (got {o.Days}).");
        if (o.Data is null && o.Db is null)
        {
            foreach (var (name, given) in new[] { ("tickers", o.Tickers is not null), ("limit", o.Limit is not null), ("days", o.Days is not null), ("start", o.Start is not null), ("end", o.End is not null) })
            {
                if (given) errors.Add($"--{name} selects from --data; without --data the synthetic universe is sized by --synth-symbols and --synth-days.");
            }
            errors.AddRange(Backtest.Data.Synthetic.SyntheticUniverseOptions.Problems("--synth-symbols", o.SynthSymbols, "--synth-days", o.SynthDays));
        }
        else if (o.Data is not null && string.IsNullOrWhiteSpace(o.Data))
        {
            errors.Add("--data must name a file or directory.");
        }
        if (string.IsNullOrWhiteSpace(o.Out)) errors.Add("--out must name a directory.");

        if (fill is null || precision is null || onInvalid is null) return null;
        return (parameters, precision.Value, onInvalid.Value);
    }

    /// <summary>The load request for --data (null for the synthetic universe); bound and ticker problems go to errors.</summary>
    internal LoadRequest? BuildLoadRequest(RunOptions o, InvalidRowPolicy onInvalid, List<string> errors)
    {
        if (o.Data is null && o.Db is null) return null;
        DateTimeOffset? start = Bound(o.Start, isEnd: false, errors);
        DateTimeOffset? end = Bound(o.End, isEnd: true, errors);
        if (start is { } s && end is { } e && s > e)
            errors.Add($"--start ({o.Start}) is after --end ({o.End}).");

        IReadOnlyList<string>? tickers = null;
        if (o.Tickers is not null)
        {
            try
            {
                tickers = services.Data.ReadTickers(o.Tickers);
                if (tickers.Count == 0) errors.Add($"--tickers {o.Tickers} lists no symbols.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or DataLoadException or System.Text.Json.JsonException)
            {
                errors.Add($"--tickers {o.Tickers}: {ex.Message}");
            }
        }

        return new LoadRequest
        {
            Path = o.Data ?? BarSources.DatabaseWord,
            Tickers = tickers,
            Limit = o.Limit,
            Days = o.Days,
            Start = start,
            End = end,
            OnInvalid = onInvalid,
            // Bounds what one file may hold while it is read; an unreadable budget is reported by Check.
            MemoryBudget = o.MemoryBudget is { } budget && MemoryBudget.TryParse(budget, out long bytes) ? bytes : null,
        };
    }

    private DateTimeOffset? Bound(string? text, bool isEnd, List<string> errors)
    {
        if (text is null) return null;
        try
        {
            return services.Data.ParseBound(text, isEnd);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            errors.Add($"--{(isEnd ? "end" : "start")} '{text}' is neither a date (2024-03-01) nor an ISO 8601 instant: {ex.Message}");
            return null;
        }
    }

    internal LoadResult LoadFiles(LoadRequest request, bool quiet, CancellationToken cancellationToken)
    {
        if (!quiet) stderr.WriteLine($"Loading {request.Path} ...");
        return services.Data.Load(request, cancellationToken);
    }

    internal LoadResult Synthesize(RunOptions o, CancellationToken cancellationToken)
    {
        if (!o.Quiet) stderr.WriteLine($"No --data: generating the synthetic universe ({o.SynthSymbols} symbols, {o.SynthDays} days, seed {o.Seed}) ...");
        var series = services.Data.Synthesize(o.SynthSymbols, o.SynthDays, o.Seed, cancellationToken);
        return new LoadResult
        {
            Series = series,
            Issues = [],
            Stats = [],
            Skipped = [],
            Source = SyntheticSource(o.SynthSymbols, o.SynthDays, o.Seed),
        };
    }

    /// <summary>results.json run.data for the synthetic universe.</summary>
    public static string SyntheticSource(int symbols, int days, int seed) =>
        string.Create(Inv, $"synthetic(symbols={symbols}, days={days}, seed={seed})");
}
