namespace Backtest.Cli.Running;

/// <summary>The options of `bt optimize` as typed: `bt run`'s (data, fixed parameters, precision, output), the grid, --heatmap.</summary>
public sealed record OptimizeOptions
{
    public RunOptions Run { get; init; } = new() { Engine = "simd" };
    public GridOptions Grid { get; init; } = new();

    /// <summary>"a,b": two grid axes for the heatmap PNG; null for none.</summary>
    public string? Heatmap { get; init; }
}
