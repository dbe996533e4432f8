using Backtest.Metrics;

namespace Backtest.Optimization;

/// <summary>
/// Reduces a grid as it is evaluated: one <see cref="CombinationSummary"/> per combination (a few numbers;
/// the per-symbol values it came from are dropped once reduced) and, when asked, the best combination per
/// symbol. Its memory grows with the combinations and the symbols, never with their product.
/// </summary>
/// <remarks>
/// Ranking (<see cref="Ranked"/>): by the mean in the metric's direction, a null mean last; equal means by
/// grid index, the combination that comes first in grid order first. Per symbol likewise: the better
/// value wins, a null never beats a number, and on equal values the lower grid index stays.
/// </remarks>
public sealed class OptimizationReducer : IGridReducer
{
    private readonly List<CombinationSummary> _combinations = [];
    private readonly SymbolBest?[]? _bests;
    private readonly double[] _scratch;

    public OptimizationReducer(IReadOnlyList<string> symbols, OptimizationMetric metric, bool bestPerSymbol)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(metric);
        Symbols = symbols;
        Metric = metric;
        _bests = bestPerSymbol ? new SymbolBest?[symbols.Count] : null;
        _scratch = new double[symbols.Count];
    }

    public IReadOnlyList<string> Symbols { get; }

    public OptimizationMetric Metric { get; }

    /// <summary>Combinations reduced so far, in the order they came (which need not be grid order).</summary>
    public IReadOnlyList<CombinationSummary> Combinations => _combinations;

    public void Accept(GridCombination combination, IReadOnlyList<SymbolMetrics> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (metrics.Count != Symbols.Count)
            throw new ArgumentException($"{metrics.Count} results for {Symbols.Count} symbols.", nameof(metrics));

        var (mean, median, profitablePct, defined) = Summarize(metrics, Metric, _scratch);
        _combinations.Add(new CombinationSummary(combination.Index, combination.Point, mean, median, profitablePct, defined));

        if (_bests is null) return;
        for (int i = 0; i < metrics.Count; i++)
        {
            var m = metrics[i];
            double? value = Metric.ValueOf(m);
            var incumbent = _bests[i];
            if (incumbent is null
                || Metric.IsBetter(value, incumbent.Value)
                || (Metric.Compare(value, incumbent.Value) == 0 && combination.Index < incumbent.Combination.Index))
                _bests[i] = new SymbolBest(Symbols[i], combination, value, m);
        }
    }

    /// <summary>
    /// The metric's mean and median over the symbols where it is defined (null when none), the share of all
    /// symbols with total_return &gt; 0, and how many define it. <paramref name="scratch"/> holds at least one value per symbol.
    /// </summary>
    public static (double? Mean, double? Median, double ProfitablePct, int Defined) Summarize(
        IReadOnlyList<SymbolMetrics> metrics, OptimizationMetric metric, double[] scratch)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(scratch);
        int defined = 0, profitable = 0;
        double sum = 0;
        for (int i = 0; i < metrics.Count; i++)
        {
            if (metrics[i].TotalReturn > 0) profitable++;
            if (metric.ValueOf(metrics[i]) is { } v)
            {
                scratch[defined++] = v;
                sum += v;
            }
        }
        return (
            defined > 0 ? sum / defined : null,
            defined > 0 ? Median(scratch.AsSpan(0, defined)) : null,
            metrics.Count > 0 ? 100.0 * profitable / metrics.Count : 0,
            defined);
    }

    /// <summary>The best combination of each symbol (in symbol order), or null without --select symbol.</summary>
    public IReadOnlyList<SymbolBest>? SymbolBests => _bests is null ? null : [.. _bests.Select(b => b ?? throw new InvalidOperationException("No combination was evaluated."))];

    /// <summary>Every combination, best first, with its rank.</summary>
    public IReadOnlyList<CombinationSummary> Ranked()
    {
        var ranked = _combinations.ToArray();
        Array.Sort(ranked, (a, b) =>
        {
            int byMean = Metric.Compare(a.Mean, b.Mean);
            return byMean != 0 ? byMean : a.Index.CompareTo(b.Index);
        });
        for (int i = 0; i < ranked.Length; i++) ranked[i] = ranked[i] with { Rank = i + 1 };
        return ranked;
    }

    /// <summary>The middle value; the mean of the two middle ones for an even count. Sorts the span.</summary>
    public static double Median(Span<double> values)
    {
        if (values.Length == 0) throw new ArgumentException("No values.", nameof(values));
        values.Sort();
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }
}
