using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// Composes a <see cref="StrategyGraph"/> into one closed generic type: a struct per node (its lane form, its operands
/// and its output as slot types), in graph order, joined by a balanced tree of sequences (<see cref="LaneSequences"/>)
/// (a chain would nest deeper than the JIT inlines). The graph is a DAG with merged nodes, and every node is one
/// struct writing one slot, so a node used twice is computed once. Nodes another computes in passing, and in a grid's
/// walk those it reads from records or no longer needs (<see cref="NodeSharing"/>), have no struct at all.
/// </summary>
internal static class LaneProgramBuilder
{
    /// <summary>Why the fused walk cannot run <paramref name="graph"/>, or null.</summary>
    public static string? Problem(StrategyGraph graph)
    {
        int slots = graph.Nodes.Count + RunInputs(graph, DenseNodes(graph)).Count;
        return slots > LaneValues<int>.Capacity
            ? $"The strategy needs {slots} values a bar; the fused walk holds at most {LaneValues<int>.Capacity}."
            : null;
    }

    /// <summary>Whether the graph reads volume (the panel must then hold it).</summary>
    public static bool ReadsVolume(StrategyGraph graph) => graph.Nodes.Any(n => n.Op is NodeOp.Volume or NodeOp.Obv);

    /// <summary>The composed nodes for lanes <paramref name="lanes"/> (e.g. Lanes512&lt;double&gt;), vector <paramref name="vector"/> of <paramref name="element"/>.</summary>
    /// <param name="sharing">Null, or the nodes this walk reads from records (then only what the rules still need is
    /// computed) and those it records (their slots are then always written).</param>
    public static Type Compose(StrategyGraph graph, Type lanes, Type vector, Type element, NodeSharing? sharing = null)
    {
        if (Problem(graph) is { } problem) throw new NotSupportedException(problem);
        var dense = DenseNodes(graph);
        bool[]? needed = sharing is null || sharing.IsEmpty ? null : Needed(graph, sharing.Read);
        var runs = RunInputs(graph, dense, needed);
        var fused = FusedComparisons(graph, dense);
        if (sharing is not null)
        {
            fused.ExceptWith(sharing.Read);
            fused.ExceptWith(sharing.Recorded);
        }
        var spreads = EmaSpreads(graph, dense);
        var elided = new HashSet<int>(fused);
        elided.UnionWith(SpreadOnlyEmas(graph, spreads));
        var recordSelects = needed is null ? [] : RecordSelects(graph, dense, needed, sharing!.Read);
        if (needed is not null)
        {
            elided.UnionWith(Enumerable.Range(0, graph.Nodes.Count).Where(i => !needed[i]));
            elided.UnionWith(recordSelects.Select(c => graph.Nodes[c].In0));
        }
        var ruleMasks = RuleMasks(graph, dense, sharing);
        // A stdev and the sma of the same window are one node, placed where the first of them is.
        var means = StdevMeans(graph, dense, needed);
        var meanAt = means.ToDictionary(p => Math.Min(p.Key, p.Value), p => p.Key);
        var types = new List<Type>();
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            if (meanAt.TryGetValue(i, out int stdev))
            {
                types.Add(NodeType(graph, stdev, dense, runs, fused, lanes, vector, element, means[stdev]));
                // The runs of either as a window's input, after both are written.
                foreach (int written in new[] { stdev, means[stdev] })
                    if (runs.TryGetValue(written, out int writtenRun))
                        types.Add(typeof(UnchangedRunNode<,,,,,>).MakeGenericType(lanes, vector, element, History(graph, written, lanes, vector, element), LaneSlots.Of(written), LaneSlots.Of(writtenRun)));
                continue;
            }
            // A node computed by another in passing, or not needed at all, has no place in the walk.
            if (elided.Contains(i) || means.ContainsKey(i) || means.ContainsValue(i)) continue;
            var node = graph.Nodes[i];
            Type type = recordSelects.Contains(i)
                ? typeof(RecordedSelectNode<,,,,,>).MakeGenericType(lanes, vector, element, LaneSlots.Of(node.In1), LaneSlots.Of(node.In2), LaneSlots.Of(i))
                : sharing is not null && sharing.Read.Contains(i)
                ? typeof(RecordedBoolNode<,,,,>).MakeGenericType(lanes, vector, element, dense[i] ? typeof(Dense) : typeof(Sparse), LaneSlots.Of(i))
                : ruleMasks.Contains(i)
                ? typeof(RuleMaskNode<,,,,,,,>).MakeGenericType(lanes, vector, element, ComparisonKind(node.Op),
                    graph.ComparesExactly(i) ? typeof(Exact) : typeof(Clearly), LaneSlots.Of(node.In0), LaneSlots.Of(node.In1), LaneSlots.Of(i))
                : spreads.Contains(i)
                ? typeof(EmaSpreadNode<,,,,>).MakeGenericType(lanes, vector, element, LaneSlots.Of(graph.Nodes[graph.Nodes[i].In0].In0), LaneSlots.Of(i))
                : NodeType(graph, i, dense, runs, fused, lanes, vector, element);
            // A node recorded for other combinations stores its value as it computes it.
            types.Add(sharing is not null && sharing.Recorded.Contains(i)
                ? typeof(RecordingNode<,,,,>).MakeGenericType(lanes, vector, element, type, LaneSlots.Of(i))
                : type);
            // The run of unchanged values of a rolling window's input, right after the input: before every window of it.
            if (runs.TryGetValue(i, out int run))
                types.Add(typeof(UnchangedRunNode<,,,,,>).MakeGenericType(lanes, vector, element, History(graph, i, lanes, vector, element), LaneSlots.Of(i), LaneSlots.Of(run)));
        }
        return Tree([.. types], 0, types.Count, 0, lanes, vector, element);
    }

    /// <summary>The rule slot types in the order buy, sell, short, cover.</summary>
    public static Type[] Rules(StrategyGraph graph, NodeSharing? sharing = null)
    {
        var masks = RuleMasks(graph, DenseNodes(graph), sharing);
        return [.. graph.Rules.Nodes.Select(n =>
            n < 0 ? typeof(NoRule) : (masks.Contains(n) ? typeof(RuleMaskAt<>) : typeof(RuleAt<>)).MakeGenericType(LaneSlots.Of(n)))];
    }

    /// <summary>
    /// Rules that are dense comparisons no node reads, composed as <see cref="RuleMaskNode{TL, TV, T, TKind, TExact, TA, TB, TOut}"/>
    /// (their slot holds the walk's mask, not a bool); not those a grid's tile records or reads from records, which are bools.
    /// </summary>
    public static HashSet<int> RuleMasks(StrategyGraph graph, bool[] dense, NodeSharing? sharing = null)
    {
        var operandUses = UseCounts(graph, _ => true, rules: false);
        var masks = new HashSet<int>();
        foreach (int rule in graph.Rules.Nodes)
        {
            if (rule < 0) continue;
            var node = graph.Nodes[rule];
            bool comparisonOnly = node.IsComparison && operandUses[rule] == 0 && dense[node.In0] && dense[node.In1] && !ConstantFolding.Folds(graph, node);
            bool shared = sharing is not null && (sharing.Read.Contains(rule) || sharing.Recorded.Contains(rule));
            if (comparisonOnly && !shared) masks.Add(rule);
        }
        return masks;
    }

    /// <summary>
    /// Nodes never na from their first bar on (strategies.md §3): prices, constants and what is built from them without
    /// a division by a series, sqrt, log or cci. Only the others pay for explicit na propagation.
    /// </summary>
    public static bool[] DenseNodes(StrategyGraph graph)
    {
        var nodes = graph.Nodes;
        var dense = new bool[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            bool Of(int input) => input < 0 || dense[input];
            bool inputs = Of(n.In0) && Of(n.In1) && Of(n.In2);
            dense[i] = n.Op switch
            {
                NodeOp.Sqrt or NodeOp.Log or NodeOp.Cci => false,
                NodeOp.Divide => inputs && nodes[n.In1].Op == NodeOp.Constant && nodes[n.In1].Value != 0,
                NodeOp.Nz => Of(n.In1),
                _ => inputs,
            };
        }
        return dense;
    }

    /// <summary>
    /// Dense comparisons whose only use is as the condition of a dense <c>?:</c>: computed by the condition's node
    /// (<see cref="CompareSelectNode{TL, TV, T, TKind, TExact, TA, TB, TX, TY, TOut}"/>), their own slot never written.
    /// </summary>
    public static HashSet<int> FusedComparisons(StrategyGraph graph, bool[] dense)
    {
        var uses = UseCounts(graph, _ => true);
        var fused = new HashSet<int>();
        foreach (var node in graph.Nodes)
            if (node.Op == NodeOp.Condition && graph.Nodes[node.In0].IsComparison && uses[node.In0] == 1
                && dense[node.In0] && dense[node.In1] && dense[node.In2])
                fused.Add(node.In0);
        return fused;
    }

    /// <summary>
    /// ema(x, a) − ema(x, b) of a dense x (macd's line): computed from the two EMAs held as offsets from x
    /// (<see cref="EmaSpreadNode{TL, TV, T, TIn, TOut}"/>), which f32 keeps where two levels near the price cancel.
    /// </summary>
    public static HashSet<int> EmaSpreads(StrategyGraph graph, bool[] dense)
    {
        var nodes = graph.Nodes;
        var spreads = new HashSet<int>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (n.Op == NodeOp.Subtract && n.In0 != n.In1 && nodes[n.In0].Op == NodeOp.Ema && nodes[n.In1].Op == NodeOp.Ema
                && nodes[n.In0].In0 == nodes[n.In1].In0 && dense[nodes[n.In0].In0])
                spreads.Add(i);
        }
        return spreads;
    }

    /// <summary>The ema nodes whose only uses are <paramref name="spreads"/>, which hold them as offsets: their own slot is never written.</summary>
    public static HashSet<int> SpreadOnlyEmas(StrategyGraph graph, HashSet<int> spreads)
    {
        var uses = UseCounts(graph, _ => true);
        var spreadUses = UseCounts(graph, spreads.Contains, rules: false);
        var emas = new HashSet<int>();
        for (int i = 0; i < graph.Nodes.Count; i++)
            if (graph.Nodes[i].Op == NodeOp.Ema && uses[i] > 0 && uses[i] == spreadUses[i]) emas.Add(i);
        return emas;
    }

    /// <summary>
    /// Each computed stdev(x, n) of a dense x with a computed sma(x, n) (bollinger's deviation and middle band), to that
    /// sma: the stdev's node keeps the sums both are taken from and writes the mean too (bit for bit what the sma's own
    /// node would: the same sums, rolled and recomputed alike).
    /// </summary>
    public static Dictionary<int, int> StdevMeans(StrategyGraph graph, bool[] dense, bool[]? needed = null)
    {
        var nodes = graph.Nodes;
        var means = new Dictionary<int, int>();
        bool Computed(int i) => needed is null || needed[i];
        for (int s = 0; s < nodes.Count; s++)
        {
            var stdev = nodes[s];
            if (stdev.Op != NodeOp.Stdev || !dense[stdev.In0] || !Computed(s)) continue;
            for (int m = 0; m < nodes.Count; m++)
            {
                var sma = nodes[m];
                if (sma.Op == NodeOp.Sma && sma.In0 == stdev.In0 && sma.Period == stdev.Period && Computed(m) && !means.ContainsValue(m))
                {
                    means.Add(s, m);
                    break;
                }
            }
        }
        return means;
    }

    /// <summary>
    /// Dense conditions <c>c ? x : y</c> whose condition is a dense bool read from a record and used nowhere else: they
    /// select with the record's bytes as masks (<see cref="RecordedSelectNode{TL, TV, T, TX, TY, TOut}"/>), the
    /// condition's own node not written.
    /// </summary>
    private static HashSet<int> RecordSelects(StrategyGraph graph, bool[] dense, bool[] needed, IReadOnlySet<int> read)
    {
        var nodes = graph.Nodes;
        // Uses by what the walk computes: a read node does not read its operands.
        var uses = UseCounts(graph, i => needed[i] && !read.Contains(i));
        var selects = new HashSet<int>();
        for (int i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            if (n.Op == NodeOp.Condition && needed[i] && !read.Contains(i) && read.Contains(n.In0) && uses[n.In0] == 1
                && dense[n.In0] && dense[n.In1] && dense[n.In2] && n.In0 != n.In1 && n.In0 != n.In2)
                selects.Add(i);
        }
        return selects;
    }

    /// <summary>
    /// How many times each node is an operand of the nodes <paramref name="counted"/> accepts, plus once for each rule it
    /// is (when <paramref name="rules"/>).
    /// </summary>
    private static int[] UseCounts(StrategyGraph graph, Func<int, bool> counted, bool rules = true)
    {
        var uses = new int[graph.Nodes.Count];
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            if (!counted(i)) continue;
            var node = graph.Nodes[i];
            for (int j = 0; j < node.Arity; j++) uses[node.Input(j)]++;
        }
        if (rules)
            foreach (int rule in graph.Rules.Nodes)
                if (rule >= 0) uses[rule]++;
        return uses;
    }

    /// <summary>
    /// The nodes a walk computes when it reads <paramref name="read"/> from records: the rules, and the operands of what
    /// it computes, a read node's own operands excepted. Read nodes count as needed (they write their slots).
    /// </summary>
    public static bool[] Needed(StrategyGraph graph, IReadOnlySet<int> read)
    {
        var needed = new bool[graph.Nodes.Count];
        foreach (int rule in graph.Rules.Nodes)
            if (rule >= 0) needed[rule] = true;
        for (int i = graph.Nodes.Count - 1; i >= 0; i--)
        {
            if (!needed[i] || read.Contains(i)) continue;
            var node = graph.Nodes[i];
            for (int j = 0; j < node.Arity; j++) needed[node.Input(j)] = true;
        }
        return needed;
    }

    /// <summary>
    /// The inputs of dense rolling windows (sma, sum, stdev), each with the extra slot (after the graph's) of its run of
    /// unchanged values: one run per series, whichever windows read it (windows the walk computes, when
    /// <paramref name="needed"/> says which).
    /// </summary>
    private static Dictionary<int, int> RunInputs(StrategyGraph graph, bool[] dense, bool[]? needed = null)
    {
        var runs = new Dictionary<int, int>();
        for (int i = 0; i < graph.Nodes.Count; i++)
        {
            var node = graph.Nodes[i];
            if (needed is not null && !needed[i]) continue;
            if (node.Op is NodeOp.Sma or NodeOp.Sum or NodeOp.Stdev && dense[node.In0] && !runs.ContainsKey(node.In0))
                runs.Add(node.In0, graph.Nodes.Count + runs.Count);
        }
        return runs;
    }

    /// <summary>Where a node's earlier values are read: the panel for a built-in price series, else a ring.</summary>
    private static Type History(StrategyGraph graph, int node, Type lanes, Type vector, Type element)
    {
        Type? field = graph.Nodes[node].Op switch
        {
            NodeOp.Open => typeof(OpenField),
            NodeOp.High => typeof(HighField),
            NodeOp.Low => typeof(LowField),
            NodeOp.Close => typeof(CloseField),
            NodeOp.Volume => typeof(VolumeField),
            _ => null,
        };
        return field is null
            ? typeof(RingHistory<,,>).MakeGenericType(lanes, vector, element)
            : typeof(PanelHistory<,,,>).MakeGenericType(lanes, vector, element, field);
    }

    private static Type ComparisonKind(NodeOp op) => op switch
    {
        NodeOp.Greater => typeof(GreaterKind),
        NodeOp.Less => typeof(LessKind),
        NodeOp.GreaterOrEqual => typeof(GreaterOrEqualKind),
        NodeOp.LessOrEqual => typeof(LessOrEqualKind),
        NodeOp.Equal => typeof(EqualKind),
        _ => typeof(NotEqualKind),
    };

    private static Type Tree(Type[] nodes, int from, int to, int level, Type lanes, Type vector, Type element)
    {
        if (to - from == 1) return nodes[from];
        int middle = from + (to - from) / 2;
        return LaneSequences.At(level).MakeGenericType(lanes, vector, element,
            Tree(nodes, from, middle, level + 1, lanes, vector, element), Tree(nodes, middle, to, level + 1, lanes, vector, element));
    }

    /// <param name="mean">For a stdev, the sma of the same window it writes too (<see cref="StdevMeans"/>), or −1.</param>
    private static Type NodeType(StrategyGraph graph, int index, bool[] dense, Dictionary<int, int> runs, HashSet<int> fused, Type lanes, Type vector, Type element, int mean = -1)
    {
        var node = graph.Nodes[index];
        Type output = LaneSlots.Of(index);
        Type Slot(int input) => LaneSlots.Of(input);
        Type na = node.Arity == 0 || Enumerable.Range(0, node.Arity).All(i => dense[node.Input(i)]) ? typeof(Dense) : typeof(Sparse);
        Type Close(Type open, params Type[] rest) => open.MakeGenericType([lanes, vector, element, .. rest]);
        Type Op(Type open, params Type[] rest) => Close(open, rest);
        Type Unary(Type op) => Close(typeof(UnaryNode<,,,,,>), Op(op), Slot(node.In0), output);
        Type Binary(Type op) => Close(typeof(BinaryNode<,,,,,,>), op, Slot(node.In0), Slot(node.In1), output);
        Type Compare(Type kind) => Close(typeof(CompareNode<,,,,,,,,>), kind, graph.ComparesExactly(index) ? typeof(Exact) : typeof(Clearly), na,
            Slot(node.In0), Slot(node.In1), output);
        Type Condition()
        {
            if (!fused.Contains(node.In0))
                return Close(typeof(ConditionNode<,,,,,,,>), na, Slot(node.In0), Slot(node.In1), Slot(node.In2), output);
            var test = graph.Nodes[node.In0];
            return Close(typeof(CompareSelectNode<,,,,,,,,,>), ComparisonKind(test.Op), graph.ComparesExactly(node.In0) ? typeof(Exact) : typeof(Clearly),
                Slot(test.In0), Slot(test.In1), Slot(node.In1), Slot(node.In2), output);
        }
        Type history = node.In0 >= 0 ? History(graph, node.In0, lanes, vector, element) : typeof(void);
        Type Scan(Type kind) => Close(typeof(ScanWindowNode<,,,,,,,>), kind, na, history, Slot(node.In0), output);
        Type Rolling(Type kind) => na == typeof(Dense)
            ? Close(typeof(RollingSumNode<,,,,,,,,>), kind, history, Slot(node.In0), Slot(runs[node.In0]), output, mean < 0 ? typeof(NoSlot) : Slot(mean))
            : Close(typeof(ScanSumNode<,,,,,,>), kind, history, Slot(node.In0), output);
        // highest/lowest: blocks of n (constant work a bar) for dense input; a sparse one's window is scanned for its na.
        Type Extreme(Type kind) => na == typeof(Dense) && node.Period > 1
            ? Close(typeof(BlockExtremeNode<,,,,,>), kind, Slot(node.In0), output)
            : Scan(kind);
        Type Recursive(Type kind) => Close(typeof(RecursiveNode<,,,,,,>), kind, na, Slot(node.In0), output);

        if (ConstantFolding.Folds(graph, node))
            return Close(typeof(FoldedConstantNode<,,,>), output);
        return node.Op switch
        {
            NodeOp.Open => Close(typeof(FieldNode<,,,,>), typeof(OpenField), output),
            NodeOp.High => Close(typeof(FieldNode<,,,,>), typeof(HighField), output),
            NodeOp.Low => Close(typeof(FieldNode<,,,,>), typeof(LowField), output),
            NodeOp.Volume => Close(typeof(FieldNode<,,,,>), typeof(VolumeField), output),
            NodeOp.Close => Close(typeof(CloseNode<,,,>), output),
            NodeOp.Bar => Close(typeof(BarNode<,,,>), output),
            NodeOp.Constant => Close(typeof(ConstantNode<,,,>), output),
            NodeOp.Negate => Unary(typeof(NegateOp<,,>)),
            NodeOp.Not => Unary(typeof(NotOp<,,>)),
            NodeOp.Abs => Unary(typeof(AbsOp<,,>)),
            NodeOp.Sqrt => Unary(typeof(SqrtOp<,,>)),
            NodeOp.Log => Unary(typeof(LogOp<,,>)),
            NodeOp.Exp => Unary(typeof(ExpOp<,,>)),
            NodeOp.Add => Binary(Op(typeof(AddOp<,,>))),
            NodeOp.Subtract => Binary(Op(typeof(SubtractOp<,,>))),
            NodeOp.Multiply => Binary(Op(typeof(MultiplyOp<,,>))),
            NodeOp.Divide => Binary(Op(typeof(DivideOp<,,>))),
            NodeOp.Min => Binary(Op(typeof(MinOp<,,,>), na)),
            NodeOp.Max => Binary(Op(typeof(MaxOp<,,,>), na)),
            NodeOp.And => Binary(Op(typeof(AndOp<,,>))),
            NodeOp.Or => Binary(Op(typeof(OrOp<,,>))),
            NodeOp.Nz => Binary(Op(typeof(NzOp<,,>))),
            NodeOp.Greater or NodeOp.Less or NodeOp.GreaterOrEqual or NodeOp.LessOrEqual or NodeOp.Equal or NodeOp.NotEqual => Compare(ComparisonKind(node.Op)),
            NodeOp.Condition => Condition(),
            NodeOp.Lag => Close(typeof(LagNode<,,,,,>), history, Slot(node.In0), output),
            NodeOp.Sma => Rolling(typeof(SmaKind)),
            NodeOp.Sum => Rolling(typeof(SumKind)),
            NodeOp.Stdev => Rolling(typeof(StdevKind)),
            NodeOp.Wma => Scan(typeof(WmaKind)),
            NodeOp.Highest => Extreme(typeof(HighestKind)),
            NodeOp.Lowest => Extreme(typeof(LowestKind)),
            NodeOp.Ema => Recursive(typeof(EmaKind)),
            NodeOp.Rma => Recursive(typeof(RmaKind)),
            NodeOp.Rsi => Close(typeof(RsiNode<,,,,,,>), na, history, Slot(node.In0), output),
            NodeOp.TrueRange => Close(typeof(TrueRangeNode<,,,,,,>), Slot(node.In0), Slot(node.In1), Slot(node.In2), output),
            NodeOp.StochRaw => Close(typeof(StochRawNode<,,,,,,>), Slot(node.In0), Slot(node.In1), Slot(node.In2), output),
            NodeOp.Cci => Close(typeof(CciNode<,,,,>), Slot(node.In0), output),
            NodeOp.Obv => Close(typeof(ObvNode<,,,,,>), Slot(node.In0), Slot(node.In1), output),
            _ => throw new NotSupportedException($"{node.Op} has no lane form."),
        };
    }
}
