using System.Collections.Concurrent;
using Backtest.Data;
using Backtest.Fused;
using Backtest.Engines;
using Backtest.Lanes;
using Backtest.Metrics;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// The grid of the built-in s3 on the SIMD engine (its hand-fused kernel; <see cref="GraphGridEvaluator"/> runs any
/// other strategy): the bars are laid out once as <see cref="PanelTiles"/>, then combinations
/// are taken in batches. A batch's runs of a set on a tile are cut into a few contiguous stretches per worker,
/// tile by tile, so that a worker runs many sets on one tile while its bars are in cache, and those sets share
/// what they have in common: a few of them run the fused kernel and record their score comparisons, the others
/// walk on those without computing an indicator (<see cref="SharedScorePlan"/>). Every result is the set's own
/// `bt run --engine simd` result, bit for bit. When the batch is done its results go to the reducer in
/// combination order and the buffer is reused: memory is the tiles, one batch of per-symbol metrics and a
/// bounded buffer of score parts per worker, whatever the size of the grid.
/// </summary>
public sealed class SimdGridEvaluator : IGridEvaluator
{
    /// <summary>Per-symbol results held at once, across the combinations of a batch (about 60 MB).</summary>
    public const int MaxResultsInFlight = 1 << 18;

    /// <summary>Combinations per batch at most (results of a batch reach the reducer together).</summary>
    public const int MaxBatch = 4096;

    /// <summary>Work items per worker in a batch.</summary>
    private const int ItemsPerWorker = 4;

    /// <summary>
    /// Bytes of recorded score parts per worker at most. A mask over a tile of 16,380 bars is 131 KB (8 f64 lanes) or
    /// 262 KB (16 f32 lanes): 32 MB hold 120 to 250 of them, issue 5's 1,000-set grid needing 51.
    /// </summary>
    public const long PartsCapacity = 32L << 20;

    private readonly ConcurrentBag<NativeBlock> _buffers = [];
    private long _tileRuns, _tileRunsOnSharedParts;
    private readonly PanelTiles _tiles;
    private readonly SimdEngine _engine;
    private readonly int _workers;
    private readonly string[] _symbols;

    /// <param name="width">The widest vector; null for the best this machine accelerates.</param>
    /// <param name="maxDegreeOfParallelism">Threads; −1 for one per core.</param>
    public SimdGridEvaluator(IReadOnlyList<BarSeries> series, Precision precision, VectorWidth? width = null, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(series);
        _engine = new SimdEngine(width, maxDegreeOfParallelism: 1);
        if (!_engine.Supports(precision)) throw new ArgumentException($"The SIMD engine does not support {precision}.", nameof(precision));
        Precision = precision;
        _workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        _symbols = [.. series.Select(s => s.Symbol)];
        Bars = series.Sum(s => (long)s.Count);
        _tiles = PanelTiles.Build(series, precision, _engine.Width);
    }

    public string Engine => _engine.Name;

    public Precision Precision { get; }

    public IReadOnlyList<string> Symbols => _symbols;

    public long Bars { get; }

    /// <summary>Bytes of the tiles' price arrays.</summary>
    public long PanelBytes => _tiles.Bytes;

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
        if (problems.Count == 0 && point.IsS3 && Fused.KernelSettings.PrecisionProblem(point.S3Parameters, precision) is { } problem)
            problems = [problem];
        return problems;
    }

    /// <summary>Thresholds vary fastest, so that equivalent ones share a batch and run once (<see cref="EquivalentParameters"/>).</summary>
    public int FastestAxis(ParameterGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        return grid.Axes.ToList().FindIndex(a => a.Parameter.JsonName == "threshold");
    }

    public void Evaluate(IEnumerable<GridCombination> combinations, IGridReducer reducer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(combinations);
        ArgumentNullException.ThrowIfNull(reducer);
        int batchSize = BatchSize(_symbols.Length);
        var batch = new List<GridCombination>(batchSize);
        var results = new SymbolMetrics[batchSize][];
        for (int i = 0; i < batchSize; i++) results[i] = new SymbolMetrics[_symbols.Length];

        using var e = combinations.GetEnumerator();
        while (true)
        {
            batch.Clear();
            while (batch.Count < batchSize && e.MoveNext()) batch.Add(e.Current);
            if (batch.Count == 0) break;
            RunBatch(batch, results, cancellationToken);
            for (int i = 0; i < batch.Count; i++) reducer.Accept(batch[i], results[i]);
        }
    }

    private void RunBatch(List<GridCombination> batch, SymbolMetrics[][] results, CancellationToken cancellationToken)
    {
        // Sets the rules cannot tell apart run once (EquivalentParameters); the others copy their results.
        var distinct = new List<(StrategyParameters Parameters, int Slot)>(batch.Count);
        var slotOf = new Dictionary<StrategyParameters, int>(batch.Count);
        var source = new int[batch.Count];
        for (int i = 0; i < batch.Count; i++)
        {
            var parameters = batch[i].Point.S3Parameters;
            var canonical = EquivalentParameters.Canonical(parameters);
            if (!slotOf.TryGetValue(canonical, out int slot))
            {
                slot = i;
                slotOf[canonical] = i;
                distinct.Add((parameters, i));
            }
            source[i] = slot;
        }
        DistinctRuns += distinct.Count;

        // The batch's tile runs in tile-major order (every set on tile 0, then on tile 1, ...), cut into a few
        // contiguous items per worker. An item runs its sets tile by tile, and sets on the same tile share their
        // score parts (RunGroup): the fewer cuts, the fewer sets pay for recording; a few items per worker
        // rather than one keep the batch's end, a barrier, from waiting long on a worker that a busy machine slowed.
        int tiles = _tiles.Panels.Length, sets = distinct.Count;
        long tileRuns = (long)tiles * sets;
        int items = (int)Math.Min(tileRuns, ItemsPerWorker * _workers);
        var options = new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancellationToken };
        Parallel.For(0, items, options, item =>
        {
            long from = tileRuns * item / items, to = tileRuns * (item + 1) / items;
            while (from < to)
            {
                int tile = (int)(from / sets), first = (int)(from % sets);
                int count = (int)Math.Min(sets - first, to - from);
                RunGroup(_tiles.Panels[tile], _tiles.SourceIndex[tile], distinct.GetRange(first, count), results, cancellationToken);
                from += count;
            }
        });

        for (int i = 0; i < batch.Count; i++)
        {
            if (source[i] != i) Array.Copy(results[source[i]], results[i], _symbols.Length);
        }
    }

    /// <summary>
    /// One group of the batch's sets on one tile, sharing what they have in common (<see cref="SharedScorePlan"/>):
    /// the recorded score parts live in a buffer of the pool for the group's duration.
    /// </summary>
    private unsafe void RunGroup(
        BarPanel panel, int[] sources, List<(StrategyParameters Parameters, int Slot)> group, SymbolMetrics[][] results,
        CancellationToken cancellationToken)
    {
        var plan = SharedScorePlan.Build([.. group.Select(g => g.Parameters)], TilePass.MaskBytes(panel), PartsCapacity);
        NativeBlock? buffer = null;
        if (plan.Bytes > 0 && !_buffers.TryTake(out buffer)) buffer = NativeBlock.Allocate(PartsCapacity);
        try
        {
            byte* parts = buffer is null ? null : (byte*)buffer.Pointer;
            int walked = 0;
            foreach (int i in plan.Order)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pass = plan.Passes[i];
                TilePass.Run(panel, _engine.Width, group[i].Parameters, pass, parts, plan.Offsets[i], sources, results[group[i].Slot]);
                if (pass == ChunkPass.OnParts) walked++;
            }
            Interlocked.Add(ref _tileRuns, group.Count);
            Interlocked.Add(ref _tileRunsOnSharedParts, walked);
        }
        finally
        {
            if (buffer is not null) _buffers.Add(buffer);
        }
    }

    /// <summary>Tile runs so far (a set on one tile) and those of them that computed no indicator, walking on recorded score parts.</summary>
    public long TileRuns => Interlocked.Read(ref _tileRuns);

    /// <inheritdoc cref="TileRuns"/>
    public long TileRunsOnSharedParts => Interlocked.Read(ref _tileRunsOnSharedParts);

    /// <summary>Kernel runs over all symbols so far: combinations evaluated less those equivalent to an earlier one of their batch.</summary>
    public long DistinctRuns { get; private set; }

    public void Dispose()
    {
        _tiles.Dispose();
        while (_buffers.TryTake(out var buffer)) buffer.Dispose();
    }
}
