namespace Backtest.Cli.Running;

/// <summary>The options of `bt bench` as typed; lists are comma-separated words.</summary>
public sealed record BenchOptions
{
    public string Symbols { get; init; } = "1000";
    public int Bars { get; init; } = 16_380;
    public string Engines { get; init; } = "all";

    /// <summary>Strategies to time: built-in names or .bt files, comma-separated, or all (every built-in).</summary>
    public string Strategies { get; init; } = Backtest.Strategies.Library.StrategyLibrary.DefaultName;
    public string Precisions { get; init; } = "f64,f32";
    public int Repetitions { get; init; } = 5;
    public int ReferenceSymbols { get; init; } = 100;
    public string Ceiling { get; init; } = "auto";
    public int Threads { get; init; } = -1;
    public int Seed { get; init; } = 42;
    public string? Json { get; init; }
}
