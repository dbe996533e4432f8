using Backtest.Data;
using Backtest.Data.Gaps;
using Backtest.Engines;
using Backtest.Strategy;

namespace Backtest.Runs;

/// <summary>What <see cref="BacktestRunService"/> runs: loaded bars with their account, the parameters and the engine.</summary>
public sealed record RunRequest
{
    public required LoadResult Load { get; init; }
    public required StrategyParameters Parameters { get; init; }
    public required IBacktestEngine Engine { get; init; }
    public Precision Precision { get; init; } = Precision.F64;

    /// <summary>Which jumps in the bars are reported as gaps, and whether each side is backtested on its own.</summary>
    public GapPolicy Gaps { get; init; } = GapPolicy.Default;
}
