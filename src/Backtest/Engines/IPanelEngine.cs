using Backtest.Panel;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Engines;

/// <summary>
/// An engine that runs on a <see cref="BarPanel"/> built once and kept: benchmarks and repeated runs
/// (parameter grids) pay for the transposition of the bars once. Results come back in the order of the
/// series the panel was built from.
/// </summary>
public interface IPanelEngine : IBacktestEngine
{
    IReadOnlyList<SymbolResult> Run(BarPanel panel, StrategyInstance strategy, StrategyParameters execution, CancellationToken cancellationToken = default);
}
