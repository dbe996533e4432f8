using Backtest.Data;
using Backtest.Engines;
using Backtest.Lanes;
using Backtest.Metrics;
using Backtest.Panel;
using Backtest.Strategies.Lanes;
using Backtest.Strategies.Language;

namespace Backtest.Optimization;

/// <summary>
/// The grid of any strategy on the SIMD engine: the bars are laid out once as one panel, then each combination's
/// strategy is instantiated (its graph built with the combination's values) and run by <see cref="SimdEngine"/>'s graph
/// walk over the panel, exactly as `bt run --engine simd` runs it. Combinations are taken in batches and spread over
/// the cores, one combination per thread (so a grid over a few symbols keeps every core busy); a batch's results
/// reach the reducer in combination order. Memory is the panel and one batch of per-symbol metrics.
/// </summary>
public sealed class GraphGridEvaluator : IGridEvaluator
{
    private readonly IReadOnlyList<BarSeries> _series;
    private readonly SimdEngine _engine;
    private readonly int _workers;
    private readonly string[] _symbols;
    private BarPanel _panel;
    private long _runs;

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
        _panel = BarPanel.Create(series, precision);
    }

    public string Engine => _engine.Name;

    public Precision Precision { get; }

    public IReadOnlyList<string> Symbols => _symbols;

    public long Bars { get; }

    /// <summary>Combinations run so far, each over the whole panel.</summary>
    public long DistinctRuns => Interlocked.Read(ref _runs);

    /// <summary>The panel is one tile: a run per combination.</summary>
    public long TileRuns => DistinctRuns;

    /// <summary>Combinations share nothing here yet: every run computes its own indicators.</summary>
    public long TileRunsOnSharedParts => 0;

    /// <summary>The grid's own order: every combination is its own walk.</summary>
    public int FastestAxis(ParameterGrid grid) => -1;

    public void Evaluate(IEnumerable<GridCombination> combinations, IGridReducer reducer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(combinations);
        ArgumentNullException.ThrowIfNull(reducer);
        int batchSize = SimdGridEvaluator.BatchSize(_symbols.Length);
        var batch = new List<(GridCombination Combination, StrategyInstance Strategy)>(batchSize);
        var results = new SymbolMetrics[batchSize][];
        for (int i = 0; i < batchSize; i++) results[i] = new SymbolMetrics[_symbols.Length];

        using var e = combinations.GetEnumerator();
        while (true)
        {
            batch.Clear();
            while (batch.Count < batchSize && e.MoveNext()) batch.Add((e.Current, e.Current.Point.Instantiate()));
            if (batch.Count == 0) break;
            // A strategy that reads volume (its graph decides, whatever its values) needs the panel's volume column.
            if (!_panel.HasVolume && batch.Any(b => LaneProgramBuilder.ReadsVolume(b.Strategy.Graph)))
            {
                _panel.Dispose();
                _panel = BarPanel.Create(_series, Precision, withVolume: true);
            }

            var options = new ParallelOptions { MaxDegreeOfParallelism = _workers, CancellationToken = cancellationToken };
            Parallel.For(0, batch.Count, options, i =>
            {
                var run = _engine.Run(_panel, batch[i].Strategy, batch[i].Combination.Point.Execution, cancellationToken);
                for (int s = 0; s < run.Count; s++) results[i][s] = run[s].Metrics;
                Interlocked.Increment(ref _runs);
            });
            for (int i = 0; i < batch.Count; i++) reducer.Accept(batch[i].Combination, results[i]);
        }
    }

    public void Dispose() => _panel.Dispose();
}
