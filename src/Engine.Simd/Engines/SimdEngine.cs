using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Data;
using Backtest.Fused;
using Backtest.Fused.Graph;
using Backtest.Lanes;
using Backtest.Simulation;
using Backtest.Metrics;
using Backtest.Optimization;
using Backtest.Panel;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;
using Backtest.Strategies.Language;
using Backtest.Strategy;
using CommunityToolkit.HighPerformance.Helpers;

namespace Backtest.Engines;

/// <summary>
/// The portable fast engine: any strategy graph's backtest fused into one pass over time per vector of symbols of a
/// bar-major panel (the graph walk, <see cref="GraphKernel{TL, TV, T, TNodes, TBuy, TSell, TShort, TCover}"/>), in f64
/// or f32, on the widest vectors the machine runs (512, 256 or 128 bits; the last chunk runs on into the panel's row
/// padding), chunks spread over all cores. f64 agrees with the reference engine (the same trades, metrics within 1e-9);
/// f32 to semantics §6. Every strategy, s3 included, and every grid run this way. (The hand-fused S3 kernel the walk
/// replaced was deleted after 431f744; the figures against it were measured with a build of that commit.)
/// </summary>
public sealed class SimdEngine : IPanelEngine, IGridEngine
{
    private readonly int _maxDegreeOfParallelism;

    /// <param name="width">The widest vector to use; null for the best this machine accelerates.</param>
    /// <param name="maxDegreeOfParallelism">Threads; −1 for one per core.</param>
    public SimdEngine(VectorWidth? width = null, int maxDegreeOfParallelism = -1)
    {
        var chosen = width ?? VectorWidths.Best;
        if (!chosen.IsAccelerated())
            throw new ArgumentException($"{chosen.Name()} vectors are not accelerated on this machine.", nameof(width));
        Width = chosen;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    public string Name => "simd";

    /// <summary>The widest vector this engine runs.</summary>
    public VectorWidth Width { get; }

    public bool Supports(Precision precision) => precision is Precision.F64 or Precision.F32;

    /// <summary>Null for every strategy the graph walk can compose (see <see cref="LaneProgramBuilder.Problem"/>).</summary>
    public string? CannotRun(StrategyInstance strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return Problem(strategy.Graph) is { } problem
            ? $"the SIMD engine cannot run {strategy.Definition.Name}: {problem} (use --engine reference)"
            : null;
    }

    /// <summary>Why the graph walk cannot compose <paramref name="graph"/>, in a few words; null when it can.</summary>
    public static string? Problem(StrategyGraph graph) => LaneProgramBuilder.Problem(graph);

    public IReadOnlyList<SymbolResult> Run(
        IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters execution, Precision precision, CancellationToken cancellationToken = default) =>
        Run(series, strategy, execution, precision, _maxDegreeOfParallelism, cancellationToken);

    /// <param name="maxDegreeOfParallelism">Threads for this run; −1 for the engine's own.</param>
    public IReadOnlyList<SymbolResult> Run(
        IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters execution, Precision precision,
        int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        Check(strategy, execution, precision);
        using var panel = BarPanel.Create(series, precision, withVolume: LaneProgramBuilder.ReadsVolume(strategy.Graph));
        return RunChecked(panel, strategy, execution, Threads(maxDegreeOfParallelism), cancellationToken);
    }

    /// <summary>A strategy that reads volume or obv needs a panel built with its volume (<see cref="BarPanel.HasVolume"/>).</summary>
    public IReadOnlyList<SymbolResult> Run(BarPanel panel, StrategyInstance strategy, StrategyParameters execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        Check(strategy, execution, panel.Precision);
        return RunChecked(panel, strategy, execution, _maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>Every strategy's grid, s3's included, on the graph walk (<see cref="GraphGridEvaluator"/>): each combination is bt run's.</summary>
    public IGridEvaluator Evaluator(IReadOnlyList<BarSeries> series, ParameterGrid grid, Precision precision, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return new GraphGridEvaluator(series, precision, Width, maxDegreeOfParallelism);
    }

    /// <summary>
    /// As <see cref="Run(IReadOnlyList{BarSeries}, StrategyInstance, StrategyParameters, Precision, CancellationToken)"/>,
    /// keeping each symbol's equity after every bar besides its result: walk-forward's test windows chain them. Every
    /// strategy runs on the graph walk here (s3 in f32 too).
    /// </summary>
    /// <param name="maxDegreeOfParallelism">Threads for this run; −1 for the engine's own.</param>
    public IReadOnlyList<SymbolEquity> RunKeepingEquity(
        IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters execution, Precision precision,
        int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        Check(strategy, execution, precision);
        using var panel = BarPanel.Create(series, precision, withVolume: LaneProgramBuilder.ReadsVolume(strategy.Graph));
        var curves = new EquityCurves(panel.Lengths.ToArray());
        var results = RunGraph(panel, strategy.Graph, execution, curves, Threads(maxDegreeOfParallelism), cancellationToken);
        var runs = new SymbolEquity[results.Length];
        for (int lane = 0; lane < panel.Symbols; lane++)
            runs[panel.SourceIndex[lane]] = new SymbolEquity(results[panel.SourceIndex[lane]], curves.Equity[lane], curves.BarsInMarket[lane]);
        return runs;
    }

    /// <summary>A run's threads: its own when it names them, else the engine's.</summary>
    private int Threads(int maxDegreeOfParallelism) => maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : _maxDegreeOfParallelism;

    /// <summary>A strategy <see cref="Check(StrategyInstance, StrategyParameters, Precision)"/> accepted, on its kernel.</summary>
    private IReadOnlyList<SymbolResult> RunChecked(
        BarPanel panel, StrategyInstance strategy, StrategyParameters execution, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        return RunGraph(panel, strategy.Graph, execution, null, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>
    /// Runs any strategy graph in the fused walk (<see cref="GraphKernel{TL, TV, T, TNodes, TBuy, TSell, TShort, TCover}"/>):
    /// <paramref name="execution"/> gives the capital, fills, fees and protective exits.
    /// </summary>
    public IReadOnlyList<SymbolResult> Run(BarPanel panel, StrategyGraph graph, StrategyParameters execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(graph);
        Check(execution);
        if (LaneProgramBuilder.Problem(graph) is { } problem) throw new NotSupportedException(problem);
        return RunGraph(panel, graph, execution, null, _maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>A graph the walk can compose, with valid execution settings, on a panel of either precision.</summary>
    /// <param name="curves">Null, or where each lane's equity after every bar goes.</param>
    /// <param name="maxDegreeOfParallelism">Threads; −1 for one per core.</param>
    private SymbolResult[] RunGraph(
        BarPanel panel, StrategyGraph graph, StrategyParameters execution, EquityCurves? curves, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        if (LaneProgramBuilder.ReadsVolume(graph) && !panel.HasVolume)
            throw new ArgumentException("The strategy reads volume or obv(): build the panel with its volume.", nameof(panel));
        return panel switch
        {
            BarPanel<double> d => Run(d, graph, execution, curves, maxDegreeOfParallelism, cancellationToken),
            BarPanel<float> f => Run(f, graph, execution, curves, maxDegreeOfParallelism, cancellationToken),
            _ => throw new ArgumentException($"Unsupported panel type {panel.GetType().Name}.", nameof(panel)),
        };
    }

    private unsafe SymbolResult[] Run<T>(
        BarPanel<T> panel, StrategyGraph graph, StrategyParameters execution, EquityCurves? curves, int maxDegreeOfParallelism, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var settings = new KernelSettings { Parameters = execution, Precision = panel.Precision };
        var chunks = Chunk.PlanFullWidth(panel.Symbols, Width, sizeof(T));
        // The plain walk's runners; a run keeping equity takes the probed ones, chunk by chunk.
        var runners = curves is null ? chunks.Select(c => c.Width).Distinct().ToDictionary(w => w, w => GraphKernels.For<T>(graph, w)) : null;
        var results = new SymbolResult[panel.Symbols];
        var next = new int[1];
        int workers = Math.Max(1, Math.Min(chunks.Length, maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount));
        ParallelHelper.For(0, workers, new GraphChunkWorker<T>(panel, graph, settings, runners, chunks, results, curves, next, cancellationToken), minimumActionsPerThread: 1);
        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }

    /// <summary>One thread's loop over the chunks of a graph run: take the next chunk until none is left (longest lanes come first).</summary>
    private readonly unsafe struct GraphChunkWorker<T>(
        BarPanel<T> panel, StrategyGraph graph, KernelSettings settings, Dictionary<VectorWidth, GraphChunkRunner<T>>? runners,
        Chunk[] chunks, SymbolResult[] results, EquityCurves? curves, int[] next, CancellationToken cancellationToken)
        : IAction
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Invoke(int worker)
        {
            Span<PositionAccount> accounts = new PositionAccount[Vector512<byte>.Count];
            Span<LaneTotals> totals = new LaneTotals[Vector512<byte>.Count];
            // The worker's trade lists, one per lane, refilled chunk after chunk: each symbol keeps an array of exactly
            // its trades, not a list grown by doubling (a strategy trading every 25 bars allocated three times its
            // trades' bytes and copied them twice).
            var lists = new List<Simulation.Trade>[Vector512<byte>.Count];
            T* volume = panel.VolumePointer;
            int c;
            while (!cancellationToken.IsCancellationRequested && (c = Interlocked.Increment(ref next[0]) - 1) < chunks.Length)
            {
                var chunk = chunks[c];
                var input = ChunkInput<T>.For(panel, chunk, settings, accounts);
                for (int i = 0; i < chunk.Width.Lanes(sizeof(T)); i++)
                {
                    (lists[i] ??= new List<Simulation.Trade>(64)).Clear();
                    accounts[i].Trades = lists[i];
                }
                T* chunkVolume = volume is null ? null : volume + chunk.FirstLane;
                if (curves is null) runners![chunk.Width](input, chunkVolume, default, graph, settings, accounts, totals);
                else RunKeepingEquity(chunk, input, chunkVolume, accounts, totals);
                int panelLanes = chunk.PanelLanes(panel.Symbols, sizeof(T));
                for (int i = 0; i < panelLanes; i++)
                {
                    int lane = chunk.FirstLane + i;
                    results[panel.SourceIndex[lane]] = LaneResult(panel, lane, settings.Parameters, accounts[i], TradeArray(lists[i]), totals[i]);
                    if (curves is not null) curves.BarsInMarket[lane] = (int)totals[i].BarsInMarket;
                }
            }
        }

        /// <summary>
        /// A lane's trades as the array its result keeps, on the pinned object heap: they live until the run's outputs are
        /// written, and a strategy trading every 25 bars leaves tens of megabytes of them, which gen0 and gen1 collections
        /// would otherwise copy twice on their way to gen2. Uninitialized: every element is written at once.
        /// </summary>
        private static Simulation.Trade[] TradeArray(List<Simulation.Trade> trades)
        {
            if (trades.Count == 0) return [];
            var array = GC.AllocateUninitializedArray<Simulation.Trade>(trades.Count, pinned: true);
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(trades).CopyTo(array);
            return array;
        }

        /// <summary>The chunk's walk with an <see cref="EquityRecorder{TV, T}"/> of its width's vectors.</summary>
        private void RunKeepingEquity(Chunk chunk, in ChunkInput<T> input, T* volume, Span<PositionAccount> accounts, Span<LaneTotals> totals)
        {
            switch (chunk.Width)
            {
                case VectorWidth.Bits512: Probed<Vector512<T>>(chunk, input, volume, accounts, totals); break;
                case VectorWidth.Bits256: Probed<Vector256<T>>(chunk, input, volume, accounts, totals); break;
                case VectorWidth.Bits128: Probed<Vector128<T>>(chunk, input, volume, accounts, totals); break;
                default: Probed<T>(chunk, input, volume, accounts, totals); break;
            }
        }

        private void Probed<TV>(Chunk chunk, in ChunkInput<T> input, T* volume, Span<PositionAccount> accounts, Span<LaneTotals> totals)
            where TV : struct
        {
            var probe = new EquityRecorder<TV, T>(curves!.Equity, chunk.FirstLane, chunk.PanelLanes(panel.Symbols, sizeof(T)));
            GraphKernels.Probed<T, EquityRecorder<TV, T>>(graph, chunk.Width)(input, volume, default, graph, settings, accounts, totals, ref probe);
        }
    }

    /// <summary>
    /// The strategy and the execution settings this engine can run in <paramref name="precision"/>. S3 in f32 keeps the
    /// hand kernel's limit on its weights (their sums must be exact floats).
    /// </summary>
    private void Check(StrategyInstance strategy, StrategyParameters execution, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        if (CannotRun(strategy) is { } reason) throw new NotSupportedException(reason);
        Check(execution);
        if (!Supports(precision)) throw new NotSupportedException($"The SIMD engine does not compute in {precision}.");
        if (S3Strategy.Is(strategy) && KernelRules.PrecisionProblem(strategy.ParameterValues, precision) is { } problem)
            throw new ArgumentException(problem, nameof(execution));
    }

    private static void Check(StrategyParameters execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var errors = execution.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(execution));
    }

    /// <summary>Each panel lane's equity after every bar of its own, and its bars in the market.</summary>
    private sealed class EquityCurves(IReadOnlyList<int> lengths)
    {
        public double[][] Equity { get; } = [.. lengths.Select(n => new double[n])];

        public int[] BarsInMarket { get; } = new int[lengths.Count];
    }

    /// <summary>A lane's result from its account, its closed <paramref name="trades"/> and totals at the end of the kernel's walk.</summary>
    internal static SymbolResult LaneResult<T>(
        BarPanel<T> panel, int lane, StrategyParameters parameters, in PositionAccount account, IReadOnlyList<Simulation.Trade> trades, in LaneTotals totals)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int bars = panel.Lengths[lane];
        var returns = new ReturnSums(Math.Max(0, bars - 1), totals.SumReturns, totals.SumSquaredReturns, totals.SumSquaredDownside);
        var drawdowns = new DrawdownSummary(totals.MaxDrawdown, totals.MaxDrawdownPct, (int)totals.MaxDrawdownBars);
        var metrics = PerformanceMetrics.FromSums(
            account.Cash, parameters.Capital, bars, returns, drawdowns,
            (int)totals.BarsInMarket, trades, parameters.PeriodsPerYear ?? panel.PeriodsPerYear[lane], panel.SeriesSpans[lane]);
        return new SymbolResult(panel.SymbolNames[lane], bars, metrics, trades) { UnaffordableEntries = account.UnaffordableEntries };
    }
}
