using System.Diagnostics;
using System.Runtime;
using Backtest.Data;
using Backtest.Data.Gaps;
using Backtest.Data.Sources;
using Backtest.Engines;
using Backtest.Results;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Runs;

/// <summary>A run over a source read in batches of symbols.</summary>
public sealed record BatchedRunRequest
{
    public required IBarSource Source { get; init; }
    public required LoadRequest Load { get; init; }
    public required StrategyParameters Parameters { get; init; }

    /// <summary>The strategy; by default the built-in s3 with its defaults.</summary>
    public StrategyInstance Strategy
    {
        get => _strategy ??= S3Strategy.Instance();
        init => _strategy = value;
    }

    private StrategyInstance? _strategy;
    /// <summary>The engine; null to have <see cref="ChooseEngine"/> pick one from the plan's symbols and estimated bars.</summary>
    public IBacktestEngine? Engine { get; init; }

    /// <summary>Picks the engine (<c>--engine auto</c>) from the run's symbols and estimated bars, when <see cref="Engine"/> is null.</summary>
    public Func<int, long, IBacktestEngine>? ChooseEngine { get; init; }

    public Precision Precision { get; init; } = Precision.F64;

    /// <summary>Which jumps in the bars are reported as gaps, and whether each side is backtested on its own.</summary>
    public GapPolicy Gaps { get; init; } = GapPolicy.Default;

    /// <summary>Bytes the run may use; batches are sized from it unless <see cref="BatchSize"/> is given.</summary>
    public long MemoryBudget { get; init; } = Runs.MemoryBudget.Default;

    /// <summary>Symbols per batch (0 = all in one batch); null sizes batches from <see cref="MemoryBudget"/>.</summary>
    public int? BatchSize { get; init; }

    /// <summary>
    /// True when <see cref="MemoryBudget"/> was asked for (--memory-budget): a plan that cannot be held within it
    /// (a symbol too large, or --batch-size batches too large) is refused with the smallest budget that works.
    /// </summary>
    public bool EnforceMemoryBudget { get; init; }

    /// <summary>Told after each batch (on the run's threads; keep it quick).</summary>
    public IProgress<RunProgress>? Progress { get; init; }
}

/// <summary>What a batched run did besides its report: how it was cut and how long reading took.</summary>
public sealed record BatchedRunStats(int Batches, long BarsRead, double LoadSeconds, double EngineSeconds, long MemoryBudget);

/// <summary>
/// Runs a backtest over a source in batches of symbols (each symbol is independent, spec §1): the next batch is
/// loaded while the engine computes the current one, at most two batches are held at once, and each symbol's
/// bars are dropped once its result is taken (the report keeps only the times it prints). The report is the one
/// <see cref="BacktestRunService"/> would give on the whole universe at once: same symbols, order, skipped
/// list, load account and window, whatever the batch size.
/// </summary>
public static class BatchedRunService
{
    public static (RunOutcome Outcome, BatchedRunStats Stats) Run(BatchedRunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = request.Parameters;
        var errors = parameters.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid parameters: " + string.Join(" ", errors), nameof(request));
        if (request.Engine is null && request.ChooseEngine is null) throw new ArgumentException("Give an engine or a way to choose one.", nameof(request));

        var clock = Stopwatch.StartNew();
        var source = request.Source;
        // The run's budget also bounds what one file may hold while it is read (Data/Files/ReadLimit).
        var plan = source.Plan(request.Load.WithBudget(request.MemoryBudget), cancellationToken);
        var engine = request.Engine ?? request.ChooseEngine!(plan.Symbols.Count, plan.Symbols.Sum(s => s.EstimatedBars));
        if (!engine.Supports(request.Precision))
            throw new ArgumentException($"The {engine.Name} engine does not support {request.Precision.Name()}.", nameof(request));
        var batches = BatchPlanner.For(plan, source, request.MemoryBudget, request.BatchSize, request.EnforceMemoryBudget);
        if (batches.Count > 1 && plan.Window == null)
            plan.Window = ScanForReference(source, plan, batches, request.Progress, clock, cancellationToken);

        // The budget paces collections when batches are cut from it or when it was asked for (then held with --batch-size too).
        long pacing = batches.Count > 1 || request.EnforceMemoryBudget ? request.MemoryBudget : long.MaxValue;
        var run = new Accumulator(plan, batches, request.Strategy.Graph.MinimumBars, request.Gaps, request.Progress, clock, pacing);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var tokens = new SemaphoreSlim(2);   // batches alive at once: one computing, one loading
        using var handoff = new System.Collections.Concurrent.BlockingCollection<(Batch Batch, LoadResult Load)>(1);
        double loadSeconds = 0;
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var batch in batches)
                {
                    tokens.Wait(stop.Token);
                    long t0 = Stopwatch.GetTimestamp();
                    var load = source.LoadBatch(plan, batch.From, batch.Count, plan.Window, stop.Token);
                    loadSeconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                    handoff.Add((batch, load), stop.Token);
                }
            }
            finally
            {
                handoff.CompleteAdding();
            }
        }, stop.Token);

        double engineSeconds = 0;
        bool collect = batches.Count > 1 || request.EnforceMemoryBudget;
        try
        {
            foreach (var (batch, load) in handoff.GetConsumingEnumerable(stop.Token))
            {
                engineSeconds += run.Add(batch, load, engine, request.Strategy, parameters, request.Precision, stop.Token);
                tokens.Release();
                if (collect)
                {
                    // Give the batch's arrays back before the next one grows: large arrays live in the LOH,
                    // which only full collections sweep.
                    GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                }
            }
        }
        catch
        {
            // The engine (or the caller) stopped the run: stop the loader too, then report the first failure.
            stop.Cancel();
            try { producer.Wait(CancellationToken.None); }
            catch (AggregateException) { }
            throw;
        }

        // The loader's own failure (a DataLoadException, a cancellation) as it was thrown.
        producer.GetAwaiter().GetResult();

        var outcome = run.Finish(source, engine, request.Precision, request.Strategy, parameters, engineSeconds);
        return (outcome, new BatchedRunStats(batches.Count, run.BarsRead, loadSeconds, engineSeconds, request.MemoryBudget));
    }

    /// <summary>
    /// The --days reference over every batch: the last bar at or before --end of any symbol of the run.
    /// Only needed when the source cannot tell it without reading the bars and the run is cut in batches.
    /// </summary>
    private static TimeWindow ScanForReference(IBarSource source, SourcePlan plan, IReadOnlyList<Batch> batches,
        IProgress<RunProgress>? progress, Stopwatch clock, CancellationToken cancellationToken)
    {
        var bounds = TimeWindow.Bounds(plan.Request);
        var upToEnd = new TimeWindow(long.MinValue, bounds.EndMs);
        long? reference = null;
        int done = 0, symbols = 0;
        long bars = 0;
        foreach (var batch in batches)
        {
            var load = source.LoadBatch(plan, batch.From, batch.Count, upToEnd, cancellationToken);
            foreach (var s in load.Series)
            {
                if (s.Count > 0) reference = reference is long r ? Math.Max(r, s.Times[^1]) : s.Times[^1];
                bars += s.Count;
            }
            symbols += batch.Count;
            progress?.Report(new RunProgress
            {
                Phase = "scanning",
                SymbolsDone = symbols,
                SymbolsTotal = plan.Symbols.Count,
                BarsDone = bars,
                BarsTotal = bars + batches.Skip(++done).Sum(b => b.EstimatedBars),
                BatchesDone = done,
                Batches = batches.Count,
                Elapsed = clock.Elapsed,
            });
        }

        return TimeWindow.WithReference(plan.Request, reference);
    }

    /// <summary>The results of the batches done so far, kept in output order.</summary>
    private sealed class Accumulator(SourcePlan plan, IReadOnlyList<Batch> batches, long minimumBars, GapPolicy gaps, IProgress<RunProgress>? progress, Stopwatch clock, long budget)
    {
        // The engine's scratch (indicator arrays, panels) is garbage the GC may let grow far past the budget before it
        // looks: the batch goes to the engine in parts, and a full collection runs once an eighth of the budget has
        // been allocated since the last one. Parts do not change results: each symbol is independent.
        private readonly long _engineBars = Math.Max(1_000_000, BatchPlanner.BarsPerBatch(budget, 0) / 4);
        private long _allocatedAtCollect = GC.GetTotalAllocatedBytes();

        private readonly List<SymbolReport> _symbols = [];
        private readonly List<(int Order, int Arrival, SkippedSymbol Skipped)> _loadSkipped = [];
        private readonly List<SkippedSymbol> _tooShort = [];
        private readonly List<LoadIssue> _issues = [];
        private readonly List<SymbolGaps> _gaps = [];
        private readonly List<LoadIssue> _skippedFiles = [];
        private int _invalidRows, _duplicates, _batchesDone, _symbolsDone, _sourceCount;
        private long _barsDone;
        private TimeWindow? _window = plan.Window;

        public long BarsRead { get; private set; }

        public double Add(Batch batch, LoadResult load, IBacktestEngine engine, StrategyInstance strategy, StrategyParameters parameters, Precision precision, CancellationToken ct)
        {
            // Each symbol is whole within its batch, so its gaps (and segments) are the same whatever the batch size.
            load = GapSplitter.Apply(load, gaps);
            _gaps.AddRange(load.Gaps!.Symbols);
            if (_window == null && (load.WindowStart != null || load.WindowEnd != null))
                _window = new TimeWindow(load.WindowStart?.ToUnixTimeMilliseconds() ?? long.MinValue, load.WindowEnd?.ToUnixTimeMilliseconds() ?? long.MaxValue);
            foreach (var s in load.Skipped) _loadSkipped.Add((plan.OrderOf(s.Symbol), _loadSkipped.Count, s));
            _issues.AddRange(load.Issues);
            _skippedFiles.AddRange(load.SkippedFiles);
            _invalidRows += load.InvalidRows;
            _duplicates += load.Duplicates;
            _sourceCount += batch.Count;

            var runnable = new List<BarSeries>(load.Series.Count);
            long bars = 0;
            foreach (var series in load.Series)
            {
                BarsRead += series.Count;
                if (series.Count < minimumBars) _tooShort.Add(new SkippedSymbol(series.Symbol, BacktestRunService.TooFewBars(series.Count, minimumBars)));
                else
                {
                    runnable.Add(series);
                    bars += series.Count;
                }
            }

            double seconds = 0;
            for (int start = 0; start < runnable.Count;)
            {
                int end = start;
                long partBars = 0;
                while (end < runnable.Count && (end == start || partBars + runnable[end].Count <= _engineBars)) partBars += runnable[end++].Count;
                var part = start == 0 && end == runnable.Count ? runnable : runnable.GetRange(start, end - start);
                long t0 = Stopwatch.GetTimestamp();
                var results = engine.Run(part, strategy, parameters, precision, ct);
                seconds += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                if (results.Count != part.Count)
                    throw new InvalidOperationException($"The {engine.Name} engine returned {results.Count} results for {part.Count} series.");
                for (int i = 0; i < part.Count; i++)
                    _symbols.Add(batches.Count == 1 ? new SymbolReport(part[i], results[i]) : SymbolReport.Compact(part[i], results[i]));
                start = end;
                if (GC.GetTotalAllocatedBytes() - _allocatedAtCollect > budget / 8)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
                    _allocatedAtCollect = GC.GetTotalAllocatedBytes();
                }
            }

            _batchesDone++;
            _symbolsDone += batch.Count;
            _barsDone += load.Series.Sum(s => (long)s.Count);
            progress?.Report(new RunProgress
            {
                Phase = "running",
                SymbolsDone = _symbolsDone,
                SymbolsTotal = plan.Symbols.Count,
                BarsDone = _barsDone,
                BarsTotal = _barsDone + batches.Skip(_batchesDone).Sum(b => b.EstimatedBars),
                BatchesDone = _batchesDone,
                Batches = batches.Count,
                Elapsed = clock.Elapsed,
            });
            return seconds;
        }

        public RunOutcome Finish(IBarSource source, IBacktestEngine engine, Precision precision, StrategyInstance strategy, StrategyParameters parameters, double engineSeconds)
        {
            // Skipped in output order (tickers order, else symbol order), each symbol once: missing tickers the
            // plan found may come back from a whole-run load too.
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var s in plan.Skipped) _loadSkipped.Add((plan.OrderOf(s.Symbol), _loadSkipped.Count, s));
            var skipped = _loadSkipped.OrderBy(x => x.Order).ThenBy(x => x.Arrival).Select(x => x.Skipped)
                .Where(s => seen.Add(s.Symbol)).ToList();
            if (_symbols.Count == 0 && _tooShort.Count == 0)
                throw new DataLoadException(BarLoader.NothingUsable(source.Description, _sourceCount, skipped));
            skipped.AddRange(_tooShort);

            var symbols = _symbols;
            long bars = symbols.Sum(s => (long)s.Bars);
            double elapsedMs = engineSeconds * 1000;
            var window = _window;
            var report = new RunReport
            {
                Run = new RunInfo
                {
                    Engine = engine.Name,
                    Precision = precision,
                    Parameters = parameters,
                    Strategy = strategy,
                    Symbols = symbols.Count,
                    Bars = bars,
                    ElapsedMs = elapsedMs,
                    BarsPerSecond = elapsedMs > 0 ? bars / engineSeconds : null,
                    Data = source.Description,
                    WindowStart = window?.StartInstant ?? Extent(symbols, first: true),
                    WindowEnd = window?.EndInstant ?? Extent(symbols, first: false),
                },
                Symbols = symbols,
                Summary = RunSummary.From(symbols),
                Skipped = skipped,
                Load = new LoadAccount(_invalidRows, _duplicates, _issues) { Gaps = new GapReport(gaps, _gaps), SkippedFiles = _skippedFiles },
            };

            string? failure = null;
            if (symbols.Count == 0)
            {
                var first = skipped[0];
                string more = skipped.Count > 1 ? $" (and {skipped.Count - 1} more)" : "";
                failure = $"no symbol could be backtested: all {skipped.Count} were skipped; {first.Symbol}: {first.Reason}{more}";
            }
            return new RunOutcome(report, failure);
        }

        private static DateTimeOffset? Extent(List<SymbolReport> symbols, bool first)
        {
            long? best = null;
            foreach (var s in symbols)
            {
                long? t = first ? s.Start : s.End;
                if (t is { } v && (best is null || (first ? v < best : v > best))) best = v;
            }
            return best is { } b ? UnixTime.ToDateTimeOffset(b) : null;
        }
    }
}
