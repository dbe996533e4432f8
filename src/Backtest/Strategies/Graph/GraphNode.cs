namespace Backtest.Strategies.Graph;

/// <summary>
/// One node of a <see cref="StrategyGraph"/>: an op, its operands (indices of earlier nodes, −1 where unused),
/// its constant (<see cref="Period"/> of a window, a lag or a recursive function; <see cref="Value"/> of a
/// constant), its type and the first bar at which it can be defined (strategies.md §3). Two nodes that are
/// equal as values are one computation: the builder merges them.
/// </summary>
public readonly record struct GraphNode(
    NodeOp Op,
    ValueKind Kind,
    int In0 = -1,
    int In1 = -1,
    int In2 = -1,
    int Period = 0,
    double Value = 0,
    long FirstBar = 0)
{
    /// <summary>The number of operands.</summary>
    public int Arity => In0 < 0 ? 0 : In1 < 0 ? 1 : In2 < 0 ? 2 : 3;

    /// <summary>The operand at <paramref name="index"/> (0..2).</summary>
    public int Input(int index) => index switch
    {
        0 => In0,
        1 => In1,
        2 => In2,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public bool IsComparison => Op is >= NodeOp.Greater and <= NodeOp.NotEqual;
}
