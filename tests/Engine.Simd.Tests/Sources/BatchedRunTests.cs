using Backtest.Strategies.Language;
using System.Text.Json.Nodes;
using Backtest.Data;
using Backtest.Data.Cache;
using Backtest.Data.Sources;
using Backtest.Engines;
using Backtest.Results;
using Backtest.Runs;
using Backtest.Strategy;
using Backtest.Tests.Data;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Sources;

/// <summary>
/// A run in batches is the run on the whole universe at once: the same results.json (apart from timing) for
/// every batch size and budget, from files and from a cache, with skipped symbols, issues and windows in place.
/// </summary>
public sealed class BatchedRunTests : IDisposable
{
    private static readonly S3Settings Trading = new() { Threshold = 2, Execution = new() { Fill = FillMode.Close } };
    private readonly TempFolder _dir = new();
    private readonly string _csv;

    public BatchedRunTests()
    {
        _csv = Path.Combine(_dir.Path, "csv");
        var bars = TestBars.Ragged(9, 2).ToList();
        bars.Add(bars[0].Slice(0, 30) is var s ? new BarSeries("TINY", s.Times, s.Open, s.High, s.Low, s.Close, s.Volume) : null!);
        TestBars.WriteCsv(_csv, bars);
        File.AppendAllText(Path.Combine(_csv, "SYN0005.csv"), "2024-01-03T20:59:30Z,10,9,10,10,5\nnot a time,1,1,1,1,1\n");
        File.WriteAllText(Path.Combine(_csv, "BAD.csv"), "when,what\n1,2\n");
    }

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>results.json of the run on the whole universe at once, without the timing fields.</summary>
    private static string Whole(LoadRequest request)
    {
        var outcome = BacktestRunService.Run(new RunRequest { Load = BarLoader.Load(request, Ct), Parameters = Trading.Execution, Strategy = Trading.Instance, Engine = new ReferenceEngine() }, Ct);
        return Json(outcome.Report);
    }

    private static (string Json, BatchedRunStats Stats) Batched(IBarSource source, LoadRequest request, int? batchSize, long budget = 1L << 30)
    {
        var (outcome, stats) = BatchedRunService.Run(new BatchedRunRequest
        {
            Source = source,
            Load = request,
            Parameters = Trading.Execution, Strategy = Trading.Instance,
            Engine = new ReferenceEngine(),
            BatchSize = batchSize,
            MemoryBudget = budget,
        }, Ct);
        Assert.True(outcome.Succeeded, outcome.FailureReason);
        return (Json(outcome.Report), stats);
    }

    private static string Json(RunReport report)
    {
        using var stream = new MemoryStream();
        ResultsJsonWriter.Write(stream, report);
        var root = JsonNode.Parse(stream.ToArray())!.AsObject();
        root["run"]!.AsObject().Remove("elapsed_ms");
        root["run"]!.AsObject().Remove("bars_per_second");
        root["run"]!.AsObject().Remove("data");
        return root.ToJsonString();
    }

    public static TheoryData<int?> BatchSizes => new() { 0, 1, 2, 3, 7 };

    [Theory]
    [MemberData(nameof(BatchSizes))]
    public void A_folder_run_in_batches_gives_the_results_of_the_whole_run(int? batchSize)
    {
        foreach (var request in Requests())
        {
            string expected = Whole(request);
            if (request.Tickers == null && request.Days == null && request.Start == null)
            {
                // The case holds every kind of account: trades, invalid rows, an unreadable file, a series too short.
                Assert.Contains("\"invalid_rows\":2", expected, StringComparison.Ordinal);
                Assert.Contains("unreadable file", expected, StringComparison.Ordinal);
                Assert.Contains("too few bars for the warm-up", expected, StringComparison.Ordinal);
                Assert.DoesNotContain("\"trades\":0,\"winning", expected, StringComparison.Ordinal);
            }
            using var source = new FileBarSource(_csv);
            var (json, stats) = Batched(source, request, batchSize);
            Assert.Equal(expected, json);
            if (batchSize is 1) Assert.True(stats.Batches >= 4, $"{stats.Batches} batches");
        }
    }

    [Theory]
    [MemberData(nameof(BatchSizes))]
    public void A_cache_run_in_batches_gives_the_results_of_the_whole_run_from_its_files(int? batchSize)
    {
        string cache = Path.Combine(_dir.Path, "c.btcache");
        using (var files = new FileBarSource(_csv))
            BarCacheWriter.Import(files, new LoadRequest { Path = _csv }, cache, 1L << 30, batchSize: 4, cancellationToken: Ct);
        // A ticker missing from a cache is reported as missing from the cache, not from the folder: leave it out here.
        foreach (var request in Requests().Select(r => r with { Tickers = r.Tickers?.Where(t => t != "NOPE").ToList() }))
        {
            using var source = new CacheBarSource(BarCache.Open(cache));
            string expected = Whole(request);
            Assert.Equal(expected, Batched(source, request with { Path = cache }, batchSize).Json);
        }
    }

    [Fact]
    public void A_small_memory_budget_cuts_the_run_in_batches_without_changing_it()
    {
        var request = new LoadRequest { Path = _csv };
        using var source = new FileBarSource(_csv);
        // 256 MiB reserve + about 400 bytes per bar: a budget that leaves room for ~1,000 bars per batch.
        var (json, stats) = Batched(source, request, null, BatchPlanner.ReserveBytes + 400_000);
        Assert.True(stats.Batches >= 5, $"{stats.Batches} batches");
        Assert.Equal(Whole(request), json);
    }

    [Fact]
    public void A_directory_whose_files_hold_other_symbols_is_cut_in_batches_by_the_symbols_they_hold()
    {
        // MIX.csv adds a bar to SYN0001 (whose own file sits in another batch of 2) and holds NEW alone.
        File.WriteAllText(Path.Combine(_csv, "MIX.csv"),
            "timestamp,open,high,low,close,symbol\n2020-01-01T14:30:00Z,1,1,1,1,SYN0001\n2024-01-02T14:30:00Z,2,2,2,2,NEW\n");
        using var source = new FileBarSource(_csv);
        var plan = source.Plan(new LoadRequest { Path = _csv }, Ct);
        Assert.Contains(plan.Symbols, s => s.Symbol == "NEW");
        Assert.Equal(plan.Symbols.Select(s => s.Symbol).Distinct().Count(), plan.Symbols.Count);
        string whole = Whole(new LoadRequest { Path = _csv });
        Assert.Contains("\"NEW\"", whole, StringComparison.Ordinal);
        Assert.Equal(whole, Batched(source, new LoadRequest { Path = _csv }, 2).Json);
        Assert.Equal(whole, Batched(source, new LoadRequest { Path = _csv }, 1).Json);
        Assert.Equal(whole, Batched(source, new LoadRequest { Path = _csv }, 0).Json);
    }

    [Fact]
    public void The_next_batch_loads_while_the_engine_computes_and_no_third_batch_is_held()
    {
        var source = new ObservedSource(batches: 4);
        var engine = new WaitingEngine(source);
        var (outcome, stats) = BatchedRunService.Run(new BatchedRunRequest
        {
            Source = source,
            Load = new LoadRequest { Path = "observed" },
            Parameters = Trading.Execution, Strategy = Trading.Instance,
            Engine = engine,
            BatchSize = 1,
        }, Ct);
        Assert.True(outcome.Succeeded, outcome.FailureReason);
        Assert.Equal(4, stats.Batches);
        Assert.Equal(3, engine.Overlapped);   // every batch but the last saw the next one loading while it computed
        Assert.Empty(source.Violations);
    }

    [Fact]
    public void An_engine_failure_stops_the_loader_and_surfaces_without_hanging()
    {
        var source = new ObservedSource(batches: 4);
        var e = Assert.Throws<InvalidOperationException>(() => BatchedRunService.Run(new BatchedRunRequest
        {
            Source = source,
            Load = new LoadRequest { Path = "observed" },
            Parameters = Trading.Execution, Strategy = Trading.Instance,
            Engine = new FailingEngine(),
            BatchSize = 1,
        }, Ct));
        Assert.Equal("engine broke", e.Message);
    }

    [Fact]
    public void A_cancelled_batched_run_stops()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        using var source = new FileBarSource(_csv);
        Assert.ThrowsAny<OperationCanceledException>(() => BatchedRunService.Run(new BatchedRunRequest
        {
            Source = source,
            Load = new LoadRequest { Path = _csv },
            Parameters = Trading.Execution, Strategy = Trading.Instance,
            Engine = new ReferenceEngine(),
            BatchSize = 2,
        }, cts.Token));
    }

    private sealed class FailingEngine : IBacktestEngine
    {
        public string Name => "failing";

        public bool Supports(Precision precision) => true;

        public string? CannotRun(StrategyInstance strategy) => null;


        public IReadOnlyList<SymbolResult> Run(IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters parameters, Precision precision, CancellationToken cancellationToken = default)
            => throw new InvalidOperationException("engine broke");
    }

    /// <summary>Four one-symbol batches; records when each load starts and checks none starts two batches ahead of the engine.</summary>
    private sealed class ObservedSource(int batches) : IBarSource
    {
        public readonly ManualResetEventSlim[] LoadStarted = [.. Enumerable.Range(0, batches).Select(_ => new ManualResetEventSlim())];
        public readonly bool[] Computed = new bool[batches];
        public readonly List<string> Violations = [];

        public string Description => "observed";

        public int LoadBytesPerBar => 48;

        public SourcePlan Plan(LoadRequest request, CancellationToken cancellationToken) => new()
        {
            Request = request,
            Symbols = [.. Enumerable.Range(0, batches).Select(i => new PlannedSymbol($"S{i}", 100))],
            Window = TimeWindow.All,
        };

        public LoadResult LoadBatch(SourcePlan plan, int from, int count, TimeWindow? window, CancellationToken cancellationToken)
        {
            lock (Violations)
            {
                if (from >= 2 && !Computed[from - 2]) Violations.Add($"batch {from} loaded before batch {from - 2} was computed");
            }
            LoadStarted[from].Set();
            var s = TestBars.Ragged(1, 1)[0];
            var bars = new BarSeries($"S{from}", s.Times, s.Open, s.High, s.Low, s.Close, s.Volume);
            return new LoadResult { Series = [bars], Issues = [], Stats = [], Skipped = [], Source = "observed" };
        }

        public void Dispose()
        {
        }
    }

    /// <summary>The reference engine, that first waits (up to 10 s) for the next batch's load to start.</summary>
    private sealed class WaitingEngine(ObservedSource source) : IBacktestEngine
    {
        private readonly ReferenceEngine _inner = new();

        public int Overlapped { get; private set; }

        public string Name => "reference";

        public bool Supports(Precision precision) => precision == Precision.F64;

        public string? CannotRun(StrategyInstance strategy) => null;


        public IReadOnlyList<SymbolResult> Run(IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters parameters, Precision precision, CancellationToken cancellationToken = default)
        {
            int batch = int.Parse(series[0].Symbol[1..], System.Globalization.CultureInfo.InvariantCulture);
            if (batch + 1 < source.LoadStarted.Length && source.LoadStarted[batch + 1].Wait(TimeSpan.FromSeconds(10), cancellationToken)) Overlapped++;
            var results = _inner.Run(series, strategy, parameters, precision, cancellationToken);
            lock (source.Violations) source.Computed[batch] = true;
            return results;
        }
    }

    [Theory]
    [InlineData("512MB", 512_000_000L)]
    [InlineData("8GiB", 8L << 30)]
    [InlineData("1.5g", 3L << 29)]
    [InlineData("2000000", 2_000_000L)]
    [InlineData("64k", 64L << 10)]
    public void Memory_budgets_read_as_sizes(string text, long bytes)
    {
        Assert.True(MemoryBudget.TryParse(text, out long b));
        Assert.Equal(bytes, b);
    }

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1G")]
    [InlineData("8 parsecs")]
    [InlineData("0%")]
    public void Unreadable_memory_budgets_are_refused(string text) => Assert.False(MemoryBudget.TryParse(text, out _));

    [Fact]
    public void The_planner_never_splits_a_symbol_and_keeps_batches_under_the_cap()
    {
        var symbols = new[] { 10L, 10, 50, 10, 10, 10 }.Select((b, i) => new PlannedSymbol($"S{i}", b)).ToArray();
        long budget = BatchPlanner.ReserveBytes + (20 * (BatchPlanner.SeriesBytesPerBar + BatchPlanner.EngineBytesPerBar + 100));
        var batches = BatchPlanner.Plan(symbols, budget, 100, null);
        Assert.Equal([(0, 2), (2, 1), (3, 2), (5, 1)], batches.Select(b => (b.From, b.Count)));
        Assert.Equal([(0, 4), (4, 2)], BatchPlanner.Plan(symbols, budget, 100, 4).Select(b => (b.From, b.Count)));
        Assert.Equal([(0, 6)], BatchPlanner.Plan(symbols, budget, 100, 0).Select(b => (b.From, b.Count)));
    }

    [Fact]
    public void The_peak_of_a_plan_is_the_reserve_the_fixed_bytes_and_the_worst_batch_computing_beside_the_next_loading()
    {
        // Batches of 10, 50, 20 bars; computing costs 48 + 96 = 144 a bar, loading max(100, 48) = 100 a bar.
        Batch[] batches = [new(0, 1, 10), new(1, 1, 50), new(2, 1, 20)];
        long worst = Math.Max(10 * 144 + 50 * 100, Math.Max(50 * 144 + 20 * 100, 20 * 144));
        Assert.Equal(BatchPlanner.ReserveBytes + 7 + worst, BatchPlanner.PeakBytes(batches, 100, 7));
    }

    [Fact]
    public void A_budget_below_the_largest_symbol_is_refused_with_the_smallest_budget_that_works()
    {
        var symbols = new[] { new PlannedSymbol("A", 10), new PlannedSymbol("BIG", 5_000_000), new PlannedSymbol("C", 20) };
        const long Fixed = 1 << 20;
        // Room for BIG to compute (144 bytes a bar) but not for C to load beside it: no plan fits.
        long under = BatchPlanner.ReserveBytes + Fixed + (5_000_000 * 144);
        var batches = BatchPlanner.Plan(symbols, under, 100, null, Fixed);
        string? problem = BatchPlanner.BudgetProblem(symbols, batches, under, 100, Fixed, null);
        Assert.NotNull(problem);
        Assert.Contains("BIG alone has 5,000,000 bars", problem, StringComparison.Ordinal);
        long smallest = BatchPlanner.SmallestBudget(symbols, 100, Fixed);
        Assert.Contains($"--memory-budget {(smallest + (1 << 20) - 1) >> 20}MiB", problem, StringComparison.Ordinal);
        // BIG computing beside C loading (20 bars of 100 bytes) is the worst moment: the smallest budget is that, to a MiB.
        long exact = BatchPlanner.ReserveBytes + Fixed + (5_000_000 * 144) + (20 * 100);
        Assert.InRange(smallest, exact, exact + (1 << 20));
        Assert.Null(BatchPlanner.BudgetProblem(symbols, BatchPlanner.Plan(symbols, smallest, 100, null, Fixed), smallest, 100, Fixed, null));
    }

    [Fact]
    public void Data_read_in_one_batch_whatever_is_asked_is_refused_as_such_not_as_one_large_symbol()
    {
        var symbols = new[] { new PlannedSymbol("A", 1_000_000), new PlannedSymbol("B", 1_000_000) };
        Batch[] whole = [new(0, 2, 2_000_000)];
        long needs = BatchPlanner.ReserveBytes + (2_000_000 * 144);
        string? problem = BatchPlanner.BudgetProblem(symbols, whole, needs - 1, 100, 0, null, batchable: false);
        Assert.NotNull(problem);
        Assert.Contains("can only be read in one batch (2,000,000 bars", problem, StringComparison.Ordinal);
        Assert.Contains($"--memory-budget {(needs + (1 << 20) - 1) >> 20}MiB or more", problem, StringComparison.Ordinal);
        Assert.Null(BatchPlanner.BudgetProblem(symbols, whole, needs, 100, 0, null, batchable: false));
    }

    [Fact]
    public void A_batch_size_that_does_not_fit_an_asked_for_budget_is_refused_and_one_that_fits_is_honoured()
    {
        var request = new LoadRequest { Path = _csv };
        using var source = new FileBarSource(_csv);
        long bars = source.Plan(request, Ct).Symbols.Sum(s => s.EstimatedBars);
        long budget = BatchPlanner.ReserveBytes + (bars * 100);   // less than all bars' 244+ bytes each at once
        BatchedRunRequest Asking(int? batchSize) => new()
        {
            Source = source,
            Load = request,
            Parameters = Trading.Execution, Strategy = Trading.Instance,
            Engine = new ReferenceEngine(),
            BatchSize = batchSize,
            MemoryBudget = budget,
            EnforceMemoryBudget = true,
        };
        var e = Assert.Throws<DataLoadException>(() => BatchedRunService.Run(Asking(0), Ct));
        Assert.Contains("--batch-size 0 reads all", e.Message, StringComparison.Ordinal);
        Assert.Contains("Leave out --batch-size", e.Message, StringComparison.Ordinal);
        var (outcome, stats) = BatchedRunService.Run(Asking(1), Ct);
        Assert.True(outcome.Succeeded);
        Assert.Equal(Whole(request), Json(outcome.Report));
        // Without an asked-for budget, --batch-size 0 is the user's choice and runs.
        Assert.True(BatchedRunService.Run(Asking(0) with { EnforceMemoryBudget = false }, Ct).Outcome.Succeeded);
    }

    private IEnumerable<LoadRequest> Requests()
    {
        yield return new LoadRequest { Path = _csv };
        yield return new LoadRequest { Path = _csv, Tickers = ["SYN0007", "NOPE", "BAD", "syn0002", "TINY", "SYN0005"] };
        yield return new LoadRequest { Path = _csv, Days = 1, Limit = 8 };
        yield return new LoadRequest { Path = _csv, Start = new DateTimeOffset(2024, 1, 2, 18, 0, 0, TimeSpan.Zero), End = new DateTimeOffset(2024, 1, 3, 16, 0, 0, TimeSpan.Zero) };
    }
}
