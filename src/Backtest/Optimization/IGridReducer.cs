using Backtest.Metrics;

namespace Backtest.Optimization;

/// <summary>
/// Takes the results of a grid as an evaluator produces them and keeps only what it needs: the evaluator
/// never holds more than a bounded batch of combinations, and nothing holds all (combination, symbol)
/// results.
/// </summary>
public interface IGridReducer
{
    /// <summary>
    /// The metrics of every symbol for one combination, in the evaluator's symbol order. Called once per
    /// combination, in the order the combinations were given, one call at a time. The list is the
    /// evaluator's buffer and is reused after the call returns: keep values, not the list.
    /// </summary>
    void Accept(GridCombination combination, IReadOnlyList<SymbolMetrics> metrics);
}
