using Backtest.Data;
using Backtest.Engines;
using Backtest.Optimization;

namespace Backtest.Cli.Running;

/// <summary>Grid options that passed every check: the grid over the fixed parameters, the metric, the selection.</summary>
internal sealed record CheckedGrid(ParameterGrid Grid, OptimizationMetric Metric, bool BestPerSymbol, Precision Precision, InvalidRowPolicy OnInvalid);
