using Backtest.Data;
using Backtest.Strategy;

namespace Backtest.Engines;

/// <summary>
/// One backtest engine: runs the S3 strategy of the spec on every series, each on its own account.
/// Results come back in the order of <paramref name="series"/>; a series too short to trade yields a
/// result with no trades, never an exception.
/// </summary>
public interface IBacktestEngine
{
    /// <summary>The name users pass to --engine.</summary>
    string Name { get; }

    bool Supports(Precision precision);

    IReadOnlyList<SymbolResult> Run(
        IReadOnlyList<BarSeries> series,
        StrategyParameters parameters,
        Precision precision,
        CancellationToken cancellationToken = default);
}
