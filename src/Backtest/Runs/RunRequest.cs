using Backtest.Data;
using Backtest.Data.Gaps;
using Backtest.Engines;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Runs;

/// <summary>What <see cref="BacktestRunService"/> runs: loaded bars with their account, the parameters and the engine.</summary>
public sealed record RunRequest
{
    public required LoadResult Load { get; init; }
    public required StrategyParameters Parameters { get; init; }

    /// <summary>The strategy; by default the built-in s3 with its defaults.</summary>
    public StrategyInstance Strategy
    {
        get => _strategy ??= S3Strategy.Instance();
        init => _strategy = value;
    }

    private StrategyInstance? _strategy;
    public required IBacktestEngine Engine { get; init; }
    public Precision Precision { get; init; } = Precision.F64;

    /// <summary>Which jumps in the bars are reported as gaps, and whether each side is backtested on its own.</summary>
    public GapPolicy Gaps { get; init; } = GapPolicy.Default;
}
