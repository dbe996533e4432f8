namespace Backtest.Strategies.Graph;

/// <summary>
/// Builds a <see cref="StrategyGraph"/> node by node, merging equal nodes: <c>rsi(close, 14)</c> written twice, or
/// the sma that both a trend rule and a Bollinger band use, is one node. One builder can hold the graphs of many
/// parameter sets (a grid tile): sub-expressions with equal constants are then computed once for all of them.
/// </summary>
/// <remarks>
/// Types and first bars follow strategies.md §3; a misuse (an ill-typed operand, a period below 1) is the caller's
/// bug, since the language's checker reports those to the user first, and throws.
/// </remarks>
public sealed class GraphBuilder
{
    private readonly List<GraphNode> _nodes = [];
    private readonly Dictionary<GraphNode, int> _index = [];

    public IReadOnlyList<GraphNode> Nodes => _nodes;

    /// <summary>The graph of the nodes so far with these rules.</summary>
    public StrategyGraph Build(StrategyRules rules)
    {
        foreach (int rule in rules.Nodes)
            if (rule >= 0 && _nodes[rule].Kind != ValueKind.Bool)
                throw new ArgumentException($"A rule must be a bool node; node {rule} is {_nodes[rule].Kind}.", nameof(rules));
        return new StrategyGraph(_nodes.ToArray(), rules);
    }

    public GraphNode this[int node] => _nodes[node];

    /// <summary>A built-in series: open, high, low, close, volume (num) or bar (int).</summary>
    public int Series(NodeOp op)
    {
        if (op is < NodeOp.Open or > NodeOp.Bar) throw new ArgumentException($"{op} is not a built-in series.", nameof(op));
        return Add(new GraphNode(op, op == NodeOp.Bar ? ValueKind.Int : ValueKind.Num));
    }

    public int Constant(double value, ValueKind kind)
    {
        if (kind == ValueKind.Int && value != Math.Round(value)) throw new ArgumentException($"The int constant {value} is not an integer.", nameof(value));
        if (kind == ValueKind.Bool && value is not (0 or 1)) throw new ArgumentException($"The bool constant {value} is not 0 or 1.", nameof(value));
        // One zero: −0 and 0 are equal constants and must merge.
        return Add(new GraphNode(NodeOp.Constant, kind, Value: value == 0 ? 0 : value));
    }

    public int Bool(bool value) => Constant(value ? 1 : 0, ValueKind.Bool);

    /// <summary>A unary op, a binary op, a comparison or the conditional, typed by <see cref="OperatorTyping"/>.</summary>
    public int Operator(NodeOp op, int a, int b = -1, int c = -1)
    {
        Span<ValueKind> kinds = stackalloc ValueKind[3];
        int arity = b < 0 ? 1 : c < 0 ? 2 : 3;
        kinds[0] = _nodes[a].Kind;
        if (arity > 1) kinds[1] = _nodes[b].Kind;
        if (arity > 2) kinds[2] = _nodes[c].Kind;
        var kind = OperatorTyping.Result(op, kinds[..arity], out var error)
            ?? throw new ArgumentException(error, nameof(op));
        return Add(new GraphNode(op, kind, a, b, c, FirstBar: FirstOf(a, b, c)));
    }

    /// <summary>x[n]: na for the first n bars.</summary>
    public int Lag(int x, int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "A lag is ≥ 0.");
        if (n == 0) return x;
        return Add(new GraphNode(NodeOp.Lag, _nodes[x].Kind, x, Period: n, FirstBar: _nodes[x].FirstBar + n));
    }

    /// <summary>A window or recursive function of x over n bars: sma, wma, stdev, sum, highest, lowest, ema, rma, rsi.</summary>
    public int Function(NodeOp op, int x, int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "A period is ≥ 1.");
        var input = _nodes[x];
        if (input.Kind == ValueKind.Bool) throw new ArgumentException($"{op} needs a number.", nameof(x));
        var (kind, warmup) = op switch
        {
            NodeOp.Sum or NodeOp.Highest or NodeOp.Lowest => (input.Kind, n - 1L),
            NodeOp.Sma or NodeOp.Wma or NodeOp.Stdev or NodeOp.Ema or NodeOp.Rma => (ValueKind.Num, n - 1L),
            NodeOp.Rsi => (ValueKind.Num, (long)n),
            _ => throw new ArgumentException($"{op} is not a function of a series and a period.", nameof(op)),
        };
        return Add(new GraphNode(op, kind, x, Period: n, FirstBar: input.FirstBar + warmup));
    }

    /// <summary>The true range: needs close[1], so it is first defined at bar 1.</summary>
    public int TrueRange() => Add(new GraphNode(NodeOp.TrueRange, ValueKind.Num,
        Series(NodeOp.High), Series(NodeOp.Low), Series(NodeOp.Close), FirstBar: 1));

    /// <summary>Raw stochastic %K over n bars (0 where the range is 0).</summary>
    public int StochRaw(int n)
    {
        int close = Series(NodeOp.Close), highest = Function(NodeOp.Highest, Series(NodeOp.High), n), lowest = Function(NodeOp.Lowest, Series(NodeOp.Low), n);
        return Add(new GraphNode(NodeOp.StochRaw, ValueKind.Num, close, highest, lowest, Period: n, FirstBar: FirstOf(close, highest, lowest)));
    }

    /// <summary>CCI over n bars of the typical price (high + low + close) / 3.</summary>
    public int Cci(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "A period is ≥ 1.");
        int sum = Operator(NodeOp.Add, Operator(NodeOp.Add, Series(NodeOp.High), Series(NodeOp.Low)), Series(NodeOp.Close));
        int typical = Operator(NodeOp.Divide, sum, Constant(3, ValueKind.Int));
        return Add(new GraphNode(NodeOp.Cci, ValueKind.Num, typical, Period: n, FirstBar: _nodes[typical].FirstBar + n - 1));
    }

    public int Obv() => Add(new GraphNode(NodeOp.Obv, ValueKind.Num, Series(NodeOp.Close), Series(NodeOp.Volume)));

    private long FirstOf(int a, int b, int c)
    {
        long first = _nodes[a].FirstBar;
        if (b >= 0) first = Math.Max(first, _nodes[b].FirstBar);
        if (c >= 0) first = Math.Max(first, _nodes[c].FirstBar);
        return first;
    }

    private int Add(GraphNode node)
    {
        if (_index.TryGetValue(node, out int existing)) return existing;
        _nodes.Add(node);
        _index.Add(node, _nodes.Count - 1);
        return _nodes.Count - 1;
    }
}
