namespace Backtest.Strategies.Graph;

/// <summary>
/// The four rules of a strategy (strategies.md §2) as nodes of its graph, −1 where the file has no such rule.
/// Each is a bool node; na at a bar means the rule does not act there.
/// </summary>
public readonly record struct StrategyRules(int Buy, int Sell, int Short, int Cover)
{
    public static StrategyRules None { get; } = new(-1, -1, -1, -1);

    public bool GoesLong => Buy >= 0;

    public bool GoesShort => Short >= 0;

    /// <summary>The rules' nodes in the order buy, sell, short, cover, −1 where absent.</summary>
    public int[] Nodes => [Buy, Sell, Short, Cover];

    /// <summary>The rules' nodes in the order buy, sell, short, cover (−1 where absent).</summary>
    public int this[RuleKind rule] => rule switch
    {
        RuleKind.Buy => Buy,
        RuleKind.Sell => Sell,
        RuleKind.Short => Short,
        _ => Cover,
    };
}

/// <summary>The four rules, in the order a file may state them.</summary>
public enum RuleKind : byte
{
    Buy,
    Sell,
    Short,
    Cover,
}
