using System.Collections.Concurrent;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Fused;
using Backtest.Fused.Graph;
using Backtest.Lanes;
using Backtest.Metrics;
using Backtest.Panel;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;
using Backtest.Strategies.Language;

namespace Backtest.Optimization;

/// <summary>
/// The grid of any strategy on the SIMD engine: the bars are laid out once as <see cref="PanelTiles"/>, then each
/// combination's strategy is instantiated (its graph built with the combination's values) and its graph walk runs
/// tile by tile, exactly as `bt run --engine simd` runs it. Combinations are taken in batches; a batch's runs on
/// the tiles are cut into items of one tile each, whole tiles or pieces of one (<see cref="TileWorkItems"/>), so that a
/// worker runs many combinations on one tile while its bars are in cache, and those combinations share the bool
/// sub-expressions they have in common: a few compute and record them, the others read the records
/// (<see cref="SharedNodePlan"/>). Every result is
/// the combination's own `bt run --engine simd` result, bit for bit. A batch's results reach the reducer in
/// combination order. Memory is the tiles, one batch of per-symbol metrics and a bounded buffer of records per worker.
/// </summary>
public sealed class GraphGridEvaluator : IGridEvaluator
{
    /// <summary>Per-symbol results held at once, across the combinations of a batch (about 60 MB).</summary>
    public const int MaxResultsInFlight = 1 << 18;

    /// <summary>Combinations per batch at most (results of a batch reach the reducer together).</summary>
    public const int MaxBatch = 4096;

    /// <summary>Bytes of records per worker at most: a record over a tile of 16,380 bars is 131 KB (8 f64 lanes).</summary>
    public const long RecordCapacity = 32L << 20;

    private readonly IReadOnlyList<BarSeries> _series;
    private readonly SimdEngine _engine;
    private readonly int _workers;
    private readonly string[] _symbols;
    private readonly ConcurrentBag<NativeBlock> _buffers = [];
    private PanelTiles _tiles;
    private long _runs, _tileRuns, _tileRunsOnShared;

    /// <param name="width">The widest vector to use; null for the best this machine accelerates.</param>
    /// <param name="maxDegreeOfParallelism">Threads; −1 for one per core.</param>
    public GraphGridEvaluator(IReadOnlyList<BarSeries> series, Precision precision, VectorWidth? width = null, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(series);
        _engine = new SimdEngine(width, maxDegreeOfParallelism: 1);
        if (!_engine.Supports(precision)) throw new ArgumentException($"The SIMD engine does not support {precision}.", nameof(precision));
        Precision = precision;
        _series = series;
        _workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        _symbols = [.. series.Select(s => s.Symbol)];
        Bars = series.Sum(s => (long)s.Count);
        _tiles = PanelTiles.Build(series, precision, _engine.Width);
    }

    /// <summary>Combinations per batch for this many symbols: at most <see cref="MaxResultsInFlight"/> results, at least one combination.</summary>
    public static int BatchSize(int symbols) => Math.Clamp(MaxResultsInFlight / Math.Max(1, symbols), 1, MaxBatch);

    /// <summary>
    /// The rules a combination must satisfy to run on the SIMD engine: its own (<see cref="GridPoint.Problems"/>), and
    /// for s3 in f32 weights summing below 2^24, where the score stops being exact.
    /// </summary>
    public static IReadOnlyList<string> Problems(GridPoint point, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(point);
        var problems = point.Problems();
        if (problems.Count == 0 && point.IsS3 && KernelRules.PrecisionProblem(point.Values, precision) is { } problem)
            problems = [problem];
        return problems;
    }

    public string Engine => _engine.Name;

    public Precision Precision { get; }

    public IReadOnlyList<string> Symbols => _symbols;

    public long Bars { get; }

    /// <summary>Combinations run so far, each over the whole panel.</summary>
    public long DistinctRuns => Interlocked.Read(ref _runs);

    /// <summary>Runs of a combination on one tile so far.</summary>
    public long TileRuns => Interlocked.Read(ref _tileRuns);

    /// <summary>Tile runs that computed none of the shared sub-expressions they use: they read them all from records.</summary>
    public long TileRunsOnSharedParts => Interlocked.Read(ref _tileRunsOnShared);

    /// <summary>The grid's own order: sharing finds equal sub-expressions wherever they are in a batch.</summary>
    public int FastestAxis(ParameterGrid grid) => -1;

    public void Evaluate(IEnumerable<GridCombination> combinations, IGridReducer reducer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(combinations);
        ArgumentNullException.ThrowIfNull(reducer);
        int batchSize = BatchSize(_symbols.Length);
        var batch = new List<(GridCombination Combination, StrategyInstance Strategy)>(batchSize);
        var results = new SymbolMetrics[batchSize][];
        for (int i = 0; i < batchSize; i++) results[i] = new SymbolMetrics[_symbols.Length];

        using var e = combinations.GetEnumerator();
        while (true)
        {
            batch.Clear();
            while (batch.Count < batchSize && e.MoveNext()) batch.Add((e.Current, e.Current.Point.Instantiate()));
            if (batch.Count == 0) break;
            // A strategy that reads volume (its graph decides, whatever its values) needs the tiles' volume.
            if (!_tiles.HasVolume && batch.Any(b => LaneProgramBuilder.ReadsVolume(b.Strategy.Graph)))
            {
                _tiles.Dispose();
                _tiles = PanelTiles.Build(_series, Precision, _engine.Width, withVolume: true);
            }
            RunBatch(batch, results, cancellationToken);
            for (int i = 0; i < batch.Count; i++) reducer.Accept(batch[i].Combination, results[i]);
        }
    }

    private void RunBatch(List<(GridCombination Combination, StrategyInstance Strategy)> batch, SymbolMetrics[][] results, CancellationToken cancellationToken)
    {
        var keys = new NodeKeys();
        var graphs = batch.Select(b => b.Strategy.Graph).ToArray();
        var nodeKeys = graphs.Select(keys.Of).ToArray();
        var plans = new ConcurrentDictionary<(int First, int Count, long RecordBytes), SharedNodePlan>();
        Interlocked.Add(ref _runs, batch.Count);

        // The batch's tile runs cut into items of one tile each (TileWorkItems): an item runs its combinations on its tile,
        // sharing what they have in common, while the tile's bars stay in cache.
        var items = TileWorkItems.Plan(_tiles.Panels.Length, batch.Count, _workers);
        PrepareKernels(items, graphs, nodeKeys, plans);
        var options = new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancellationToken };
        // One item at a time (not ranges of them, which Parallel.For hands out growing), so workers finish together.
        Parallel.ForEach(Partitioner.Create(items, EnumerablePartitionerOptions.NoBuffering), options, item =>
            RunStretch(item.Tile, item.First, item.Count, batch, graphs, nodeKeys, plans, results, cancellationToken));
    }

    /// <summary>
    /// The plans of the batch's items, one per piece of the batch and record size, made before the workers start, and
    /// their kernels' walks compiled side by side (<see cref="GraphKernels.Prepare{T}"/>): the JIT holds every thread that
    /// calls a method it is compiling, so workers starting on the same kernels otherwise compile them one after another.
    /// </summary>
    private void PrepareKernels(
        TileWorkItem[] items, StrategyGraph[] graphs, int[][] nodeKeys, ConcurrentDictionary<(int First, int Count, long RecordBytes), SharedNodePlan> plans)
    {
        var uses = new List<(StrategyGraph, VectorWidth, NodeSharing?)>();
        // Tiles of one size share their plans and kernels: the full ones and, apart, the tail.
        foreach (var item in items.DistinctBy(i => (i.First, i.Count, _tiles.Panels[i.Tile].Symbols, GraphTilePass.RecordBytes(_tiles.Panels[i.Tile]))))
        {
            var panel = _tiles.Panels[item.Tile];
            var plan = PlanOf(item.First, item.Count, panel, graphs, nodeKeys, plans);
            var widths = Chunk.PlanFullWidth(panel.Symbols, _engine.Width, panel.Precision == Precision.F32 ? sizeof(float) : sizeof(double)).Select(c => c.Width).Distinct();
            foreach (var width in widths)
                for (int j = 0; j < item.Count; j++) uses.Add((graphs[item.First + j], width, plan.Sharing[j]));
        }
        if (Precision == Precision.F32) GraphKernels.Prepare<float>(uses, _workers);
        else GraphKernels.Prepare<double>(uses, _workers);
    }

    /// <summary>The plan of combinations <paramref name="first"/>.. on tiles of <paramref name="panel"/>'s record size: one per piece of the batch.</summary>
    private static SharedNodePlan PlanOf(
        int first, int count, BarPanel panel, StrategyGraph[] graphs, int[][] nodeKeys, ConcurrentDictionary<(int First, int Count, long RecordBytes), SharedNodePlan> plans) =>
        plans.GetOrAdd((first, count, GraphTilePass.RecordBytes(panel)), key =>
            SharedNodePlan.Build(graphs.AsSpan(key.First, key.Count).ToArray(), nodeKeys.AsSpan(key.First, key.Count).ToArray(), key.RecordBytes, RecordCapacity));

    /// <summary>Combinations <paramref name="first"/>.. of the batch on one tile, sharing what they have in common.</summary>
    private unsafe void RunStretch(
        int tile, int first, int count, List<(GridCombination Combination, StrategyInstance Strategy)> batch, StrategyGraph[] graphs, int[][] nodeKeys,
        ConcurrentDictionary<(int First, int Count, long RecordBytes), SharedNodePlan> plans, SymbolMetrics[][] results, CancellationToken cancellationToken)
    {
        var panel = _tiles.Panels[tile];
        // A plan depends on the stretch's combinations and the record size only: whole-tile items share one per batch.
        var plan = PlanOf(first, count, panel, graphs, nodeKeys, plans);
        NativeBlock? buffer = null;
        if (plan.Bytes > 0 && !_buffers.TryTake(out buffer)) buffer = NativeBlock.Allocate(RecordCapacity);
        try
        {
            byte* records = buffer is null ? null : (byte*)buffer.Pointer;
            int onShared = 0;
            foreach (int j in plan.Order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int c = first + j;
                var sharing = plan.Sharing[j];
                GraphTilePass.Run(
                    panel, _engine.Width, graphs[c], batch[c].Combination.Point.Execution, sharing, records, node => plan.Offset(j, node),
                    _tiles.SourceIndex[tile], results[c]);
                if (sharing is { Recorded.Count: 0, Read.Count: > 0 }) onShared++;
            }
            Interlocked.Add(ref _tileRuns, count);
            Interlocked.Add(ref _tileRunsOnShared, onShared);
        }
        finally
        {
            if (buffer is not null) _buffers.Add(buffer);
        }
    }

    public void Dispose()
    {
        _tiles.Dispose();
        while (_buffers.TryTake(out var buffer)) buffer.Dispose();
    }
}
