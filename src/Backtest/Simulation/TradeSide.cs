namespace Backtest.Simulation;

/// <summary>The direction of a position or trade (strategies.md §6): long holds shares, short owes them.</summary>
public enum TradeSide : byte
{
    Long,
    Short,
}

public static class TradeSideNames
{
    /// <summary>The spec's name, as written in trades.csv's <c>side</c> column.</summary>
    public static string ToSpecName(this TradeSide side) => side switch
    {
        TradeSide.Long => "long",
        TradeSide.Short => "short",
        _ => throw new ArgumentOutOfRangeException(nameof(side), side, null),
    };
}
