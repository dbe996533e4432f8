namespace Backtest.Cli.Running;

/// <summary>The options of `bt walkforward` as typed: `bt run`'s, the grid, and the windows in UTC days.</summary>
public sealed record WalkForwardOptions
{
    public RunOptions Run { get; init; } = new() { Engine = "simd" };
    public GridOptions Grid { get; init; } = new();
    public int? TrainDays { get; init; }
    public int? TestDays { get; init; }

    /// <summary>Days between folds; the test length when null.</summary>
    public int? StepDays { get; init; }

    public bool Anchored { get; init; }
}
