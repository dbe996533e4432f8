namespace Backtest.Strategies.Graph;

/// <summary>
/// A strategy with its parameters' values, compiled: the nodes every engine computes, in an order where each
/// node's operands come before it, and the four rules. Equal sub-expressions are one node.
/// </summary>
public sealed class StrategyGraph
{
    public StrategyGraph(IReadOnlyList<GraphNode> nodes, StrategyRules rules)
    {
        Nodes = nodes;
        Rules = rules;
        long w = 0;
        foreach (int rule in rules.Nodes)
            if (rule >= 0) w = Math.Max(w, nodes[rule].FirstBar);
        FirstDecisionBar = w;
    }

    public IReadOnlyList<GraphNode> Nodes { get; }

    public StrategyRules Rules { get; }

    /// <summary>W of strategies.md §3: the largest first bar over the rules' conditions; no rule acts before it.</summary>
    public long FirstDecisionBar { get; }

    /// <summary>
    /// W as a bar index, for the engines: W itself, or <see cref="Array.MaxLength"/> where W is larger. No series holds
    /// more bars than that, so a series never reaches either and no decision is taken, as with the true W.
    /// </summary>
    public int FirstDecisionBarIndex => (int)Math.Min(FirstDecisionBar, Array.MaxLength);

    /// <summary>The fewest bars with which a decision can be taken: bar W exists and is not the last.</summary>
    public long MinimumBars => FirstDecisionBar + 2;

    /// <summary>Whether the comparison node <paramref name="node"/> is exact (two ints, two bools) rather than "clearly greater".</summary>
    public bool ComparesExactly(int node)
    {
        var n = Nodes[node];
        return OperatorTyping.ComparesExactly(Nodes[n.In0].Kind, Nodes[n.In1].Kind);
    }
}
