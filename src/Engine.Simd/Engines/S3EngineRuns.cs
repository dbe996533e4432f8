using Backtest.Data;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Engines;

/// <summary>
/// Runs of the built-in s3 with its parameters in the S3 fields of <see cref="StrategyParameters"/> (<see cref="S3Strategy"/>),
/// for the callers that hold S3's parameters that way: the grid of bt optimize and the tests written before strategy files.
/// </summary>
public static class S3EngineRuns
{
    public static IReadOnlyList<SymbolResult> Run(
        this IBacktestEngine engine, IReadOnlyList<BarSeries> series, StrategyParameters parameters, Precision precision, CancellationToken cancellationToken = default) =>
        engine.Run(series, S3Strategy.Instance(parameters), parameters, precision, cancellationToken);

    public static IReadOnlyList<SymbolResult> Run(
        this IPanelEngine engine, BarPanel panel, StrategyParameters parameters, CancellationToken cancellationToken = default) =>
        engine.Run(panel, S3Strategy.Instance(parameters), parameters, cancellationToken);
}
