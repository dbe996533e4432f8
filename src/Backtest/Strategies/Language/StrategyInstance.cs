using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// A strategy with a checked set of parameter values (every parameter, by name: the defaults with the overrides
/// applied) and its graph, ready for an engine.
/// </summary>
public sealed record StrategyInstance(StrategyDefinition Definition, IReadOnlyDictionary<string, double> ParameterValues, StrategyGraph Graph);
