namespace Backtest.Optimization;

/// <summary>
/// One combination reduced over the universe: the mean and median of the metric over the symbols where it
/// is defined (<see cref="Symbols"/> of them; null when none), and the share of all symbols with
/// total_return &gt; 0. <see cref="Rank"/> is 1 for the best; 0 until ranked.
/// </summary>
public sealed record CombinationSummary(int Index, GridPoint Point, double? Mean, double? Median, double ProfitablePct, int Symbols)
{
    public int Rank { get; init; }
}
