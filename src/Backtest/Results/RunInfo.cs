using Backtest.Engines;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Results;

/// <summary>The "run" object of results.json (spec §7): what ran, on what, and how fast.</summary>
public sealed record RunInfo
{
    public required string Engine { get; init; }
    public required Precision Precision { get; init; }
    /// <summary>The execution settings (semantics §4).</summary>
    public required StrategyParameters Parameters { get; init; }

    /// <summary>The strategy that ran, with its parameter values (results.json: run.strategy, run.parameters).</summary>
    public required StrategyInstance Strategy { get; init; }

    /// <summary>Symbols backtested (skipped ones not counted).</summary>
    public required int Symbols { get; init; }

    /// <summary>Bars backtested, summed over the backtested symbols.</summary>
    public required long Bars { get; init; }

    /// <summary>Wall time of the engine run alone (loading and writing excluded).</summary>
    public required double ElapsedMs { get; init; }

    /// <summary>Bars / engine seconds; null when the elapsed time is too short to measure.</summary>
    public required double? BarsPerSecond { get; init; }

    /// <summary>The data source: a path, or "synthetic(...)".</summary>
    public required string Data { get; init; }

    public DateTimeOffset? WindowStart { get; init; }
    public DateTimeOffset? WindowEnd { get; init; }
}
