using Backtest.Data;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Engines;

/// <summary>
/// One backtest engine: runs a strategy (strategies.md) on every series, each on its own account, with the
/// execution settings of semantics §4 (<paramref name="execution"/>: capital, sizing, fees, fills, stops; its S3
/// fields are not read). Results come back in the order of <paramref name="series"/>; a series too short to trade
/// yields a result with no trades, never an exception.
/// </summary>
public interface IBacktestEngine
{
    /// <summary>The name users pass to --engine.</summary>
    string Name { get; }

    bool Supports(Precision precision);

    /// <summary>Why this engine cannot run <paramref name="strategy"/>, in one line; null when it can.</summary>
    string? CannotRun(StrategyInstance strategy);

    IReadOnlyList<SymbolResult> Run(
        IReadOnlyList<BarSeries> series,
        StrategyInstance strategy,
        StrategyParameters execution,
        Precision precision,
        CancellationToken cancellationToken = default);
}
