using Backtest.Strategy;

namespace Backtest.Cli.Running;

/// <summary>
/// The options of `bt run` as typed, before they are checked: strategy parameters are already numbers
/// (except --fill and --periods-per-year, which are words), names are strings so that every problem
/// can be reported together. Defaults are those of `bt run --help`.
/// </summary>
public sealed record RunOptions
{
    // Data
    public string? Data { get; init; }
    public string? Tickers { get; init; }
    public int? Limit { get; init; }
    public int? Days { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
    public string OnInvalid { get; init; } = "skip";

    // Gaps in a series: reported above --max-gap; --split-at-gaps backtests each side on its own.
    public string MaxGap { get; init; } = Backtest.Data.Gaps.GapPolicy.DefaultText;
    public bool SplitAtGaps { get; init; }

    // Sources and scale: PostgreSQL, batches, progress
    public string? Db { get; init; }
    public int DbTimeout { get; init; } = DbTimeoutOption.Default;
    public string? MemoryBudget { get; init; }
    public int? BatchSize { get; init; }
    public string Progress { get; init; } = "auto";

    // Synthetic universe (used without --data)
    public int SynthSymbols { get; init; } = 500;
    public int SynthDays { get; init; } = 60;
    public int Seed { get; init; } = 42;

    // Strategy: a built-in's name or a .bt file, and its parameters' values as NAME=VALUE texts (strategies.md).
    public string Strategy { get; init; } = Backtest.Strategies.Library.StrategyLibrary.DefaultName;
    public IReadOnlyList<string> StrategyParams { get; init; } = [];

    // Execution (semantics §4): every setting but Fill and PeriodsPerYear, which come from the two words below.
    public StrategyParameters Parameters { get; init; } = StrategyParameters.Default;
    public string Fill { get; init; } = "next-open";
    public string PeriodsPerYear { get; init; } = "auto";

    // Engine
    public string Engine { get; init; } = "auto";
    public string Precision { get; init; } = "f64";

    // Output
    public string Out { get; init; } = Commands.OutputFolders.Run;
    public bool Quiet { get; init; }
}
