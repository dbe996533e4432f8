using Backtest.Data;
using Backtest.Engines;
using Backtest.Lanes;
using Backtest.Metrics;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// The grid on the SIMD engine: the bars are laid out once as <see cref="PanelTiles"/>, then combinations
/// are taken in batches; within a batch each worker takes one tile and runs a group of the batch's sets on
/// it one after the other, while the tile's bars are in cache, each set a full run of the fused kernel
/// (<see cref="SimdEngine.Run(Panel.BarPanel, Strategy.StrategyParameters, CancellationToken)"/> on one
/// thread). When the batch is done its results go to the reducer in combination order and the buffer is
/// reused: memory is the tiles plus one batch of per-symbol metrics, whatever the size of the grid.
/// </summary>
public sealed class SimdGridEvaluator : IGridEvaluator
{
    /// <summary>Per-symbol results held at once, across the combinations of a batch.</summary>
    public const int MaxResultsInFlight = 1 << 16;

    /// <summary>Combinations per batch at most (results of a batch reach the reducer together).</summary>
    public const int MaxBatch = 256;

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
    /// The rules a combination must satisfy to run here: spec §3 (<see cref="StrategyParameters.Validate"/>),
    /// and in f32 weights summing below 2^24, where the score stops being exact.
    /// </summary>
    public static IReadOnlyList<string> Problems(StrategyParameters parameters, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var problems = parameters.Validate();
        if (precision == Precision.F32 && new Fused.KernelSettings { Parameters = parameters }.MaxAbsScore >= 1 << 24)
            problems = [.. problems, "With --precision f32 the weights must sum to less than 16,777,216."];
        return problems;
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
            var canonical = EquivalentParameters.Canonical(batch[i].Parameters);
            if (!slotOf.TryGetValue(canonical, out int slot))
            {
                slot = i;
                slotOf[canonical] = i;
                distinct.Add((batch[i].Parameters, i));
            }
            source[i] = slot;
        }
        DistinctRuns += distinct.Count;

        int tiles = _tiles.Panels.Length;
        // At least 16 work items per worker, so that the last ones to finish (the batch ends at a barrier) are
        // short; each item as long a run of sets on one tile as that allows. 13 tiles on 2 workers: 3 groups of
        // the batch per tile, 39 items, one worker doing at most 20 of them rather than 7 of 13.
        int groups = Math.Clamp((16 * _workers + tiles - 1) / tiles, 1, distinct.Count);
        int groupSize = (distinct.Count + groups - 1) / groups;
        var options = new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancellationToken };
        Parallel.For(0, tiles * groups, options, item =>
        {
            int tile = item / groups;
            int first = item % groups * groupSize;
            int last = Math.Min(distinct.Count, first + groupSize);
            var panel = _tiles.Panels[tile];
            var sources = _tiles.SourceIndex[tile];
            for (int d = first; d < last; d++)
            {
                var run = _engine.Run(panel, distinct[d].Parameters, cancellationToken);
                var row = results[distinct[d].Slot];
                for (int i = 0; i < run.Count; i++) row[sources[i]] = run[i].Metrics;
            }
        });

        for (int i = 0; i < batch.Count; i++)
        {
            if (source[i] != i) Array.Copy(results[source[i]], results[i], _symbols.Length);
        }
    }

    /// <summary>Kernel runs over all symbols so far: combinations evaluated less those equivalent to an earlier one of their batch.</summary>
    public long DistinctRuns { get; private set; }

    public void Dispose() => _tiles.Dispose();
}
