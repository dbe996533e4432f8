using Backtest.Engines;

namespace Backtest.Optimization;

/// <summary>
/// Runs many parameter sets over one set of symbols whose bars it prepared once (a panel, tiles, a device
/// buffer), handing each combination's per-symbol results to a reducer as they are produced. It is given
/// the whole sequence of sets at once, so that an implementation may evaluate many of them per pass over
/// the bars; the sequence is read lazily, a bounded batch ahead of the reducer.
/// </summary>
public interface IGridEvaluator : IDisposable
{
    /// <summary>The engine whose results these are (what `bt run --engine` names).</summary>
    string Engine { get; }

    Precision Precision { get; }

    /// <summary>The symbols, in the order of the metrics handed to the reducer (the order the series were given).</summary>
    IReadOnlyList<string> Symbols { get; }

    /// <summary>Bars of all symbols together: the bar-evaluations of one combination.</summary>
    long Bars { get; }

    /// <summary>Runs over all symbols so far: the combinations evaluated less those that copied an equivalent one's results.</summary>
    long DistinctRuns { get; }

    /// <summary>Runs of a combination over one tile of symbols so far, and those of them that computed no indicator (they reused recorded parts).</summary>
    long TileRuns { get; }

    /// <inheritdoc cref="TileRuns"/>
    long TileRunsOnSharedParts { get; }

    /// <summary>
    /// The axis of <paramref name="grid"/> whose values should vary fastest in the order combinations are handed over
    /// (neighbours this evaluator can run together); −1 for the grid's own order.
    /// </summary>
    int FastestAxis(ParameterGrid grid);

    /// <summary>Every combination, each on every symbol, each result identical to the engine's `bt run` with that set.</summary>
    void Evaluate(IEnumerable<GridCombination> combinations, IGridReducer reducer, CancellationToken cancellationToken = default);
}
