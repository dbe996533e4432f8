using Backtest.Strategies.Language;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Strategy;

namespace Backtest.Tests.Results;

/// <summary>
/// Test-only stand-in for a real engine: returns hand-made results (or, without one for a symbol, a
/// flat result with no trades) so writers and the run service can be tested without the simulator.
/// It computes nothing of the spec.
/// </summary>
internal sealed class FakeEngine(string name = "reference", params Precision[] precisions) : IBacktestEngine
{
    private readonly Precision[] _precisions = precisions.Length == 0 ? [Precision.F64] : precisions;

    public Dictionary<string, SymbolResult> Results { get; } = new(StringComparer.Ordinal);

    /// <summary>The series of the last call, to check what the service handed over.</summary>
    public IReadOnlyList<BarSeries>? LastSeries { get; private set; }

    public string Name { get; } = name;

    public bool Supports(Precision precision) => _precisions.Contains(precision);

    public string? CannotRun(StrategyInstance strategy) => null;


    public IReadOnlyList<SymbolResult> Run(IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters parameters, Precision precision, CancellationToken cancellationToken = default)
    {
        LastSeries = series;
        return series
            .Select(s => Results.TryGetValue(s.Symbol, out var r) ? r : TestReports.Flat(s.Symbol, s.Count, parameters.Capital))
            .ToArray();
    }
}
