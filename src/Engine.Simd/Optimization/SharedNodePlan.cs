using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;

namespace Backtest.Optimization;

/// <summary>
/// How a group of a grid's combinations runs on one tile so that the bool sub-expressions they have in common are
/// computed once (what the hand-fused S3 kernel's grids did for its score's four parts, for any strategy). A bool node is shared when two combinations of the group
/// have it (equal op, constants and operands: <see cref="NodeKeys"/>). Each combination reads from records the shared
/// nodes closest to its rules (its frontier: what it computes needs them, and their own operands then need not be
/// computed), a few combinations compute and record them first (<see cref="NodeSharing"/>). A grid of 10 fast SMAs ×
/// 10 band widths × 10 RSI periods on s3 has 51 such comparisons: about 10 of its 1,000 combinations record them and
/// the others compute no indicator, only the score, the rules and the account.
/// </summary>
/// <remarks>
/// Recorders are chosen greedily, those that bring the most comparisons not yet recorded first, so that few pay for
/// recording. A record takes <c>bars × stride</c> bytes (one byte per lane per bar); once the capacity is used up,
/// nodes not recorded are computed by every combination that needs them. Every combination's results are its own
/// `bt run`'s in every role: a recorded value is bit for bit the value the node computes.
/// </remarks>
internal sealed class SharedNodePlan
{
    private SharedNodePlan(int[] order, NodeSharing?[] sharing, Dictionary<int, long> offsets, int[][] keys, long bytes)
    {
        Order = order;
        Sharing = sharing;
        _offsets = offsets;
        _keys = keys;
        Bytes = bytes;
    }

    private readonly Dictionary<int, long> _offsets;
    private readonly int[][] _keys;

    /// <summary>The combinations' indices in the order to run them: every recorder before those reading its records.</summary>
    public int[] Order { get; }

    /// <summary>Each combination's part in the sharing; null where it computes every node and records none.</summary>
    public NodeSharing?[] Sharing { get; }

    /// <summary>Bytes of the records.</summary>
    public long Bytes { get; }

    /// <summary>Where node <paramref name="node"/> of combination <paramref name="combination"/> is recorded in the buffer, or −1.</summary>
    public long Offset(int combination, int node) =>
        _offsets.TryGetValue(_keys[combination][node], out long offset) ? offset : -1;

    /// <param name="graphs">The group's graphs, in grid order.</param>
    /// <param name="keys">Each graph's node keys (<see cref="NodeKeys.Of"/>).</param>
    /// <param name="recordBytes">Bytes of one record over the tile.</param>
    /// <param name="capacity">Bytes the records may take at most.</param>
    public static SharedNodePlan Build(IReadOnlyList<StrategyGraph> graphs, int[][] keys, long recordBytes, long capacity)
    {
        int n = graphs.Count;
        // The keys of the bool nodes two or more combinations compute.
        var counts = new Dictionary<int, int>();
        for (int c = 0; c < n; c++)
            for (int i = 0; i < graphs[c].Nodes.Count; i++)
                if (Shareable(graphs[c], i)) counts[keys[c][i]] = counts.GetValueOrDefault(keys[c][i]) + 1;
        var frontiers = new int[n][];
        for (int c = 0; c < n; c++) frontiers[c] = Frontier(graphs[c], i => Shareable(graphs[c], i) && counts[keys[c][i]] >= 2);

        // Recorders, greedily: the combination whose frontier brings the most keys not yet recorded, while they fit.
        var offsets = new Dictionary<int, long>();
        var recorders = new List<int>();
        var isRecorder = new bool[n];
        long bytes = 0;
        while (true)
        {
            int best = -1, bestNew = 0;
            for (int c = 0; c < n; c++)
            {
                if (isRecorder[c]) continue;
                int fresh = frontiers[c].Count(i => !offsets.ContainsKey(keys[c][i]));
                if (fresh > bestNew) (best, bestNew) = (c, fresh);
            }
            if (best < 0 || bytes + bestNew * recordBytes > capacity) break;
            foreach (int i in frontiers[best])
            {
                if (offsets.TryAdd(keys[best][i], bytes)) bytes += recordBytes;
            }
            isRecorder[best] = true;
            recorders.Add(best);
        }

        // A recorder computes and records its whole frontier (what an earlier one recorded, again, the same bytes): every
        // recorder of a graph shape is then one composed walk, compiled once, rather than one per split of its frontier.
        var sharing = new NodeSharing?[n];
        foreach (int c in recorders) sharing[c] = new NodeSharing([], frontiers[c]);
        for (int c = 0; c < n; c++)
        {
            if (isRecorder[c]) continue;
            // What the records hold of what this combination shares; the rest it computes itself.
            int[] read = Frontier(graphs[c], i => Shareable(graphs[c], i) && offsets.ContainsKey(keys[c][i]));
            sharing[c] = read.Length == 0 ? null : new NodeSharing(read, []);
        }
        int[] order = [.. recorders, .. Enumerable.Range(0, n).Where(c => !isRecorder[c])];
        return new SharedNodePlan(order, sharing, offsets, keys, bytes);
    }

    /// <summary>A bool node that is computed (not a constant): worth a byte per lane per bar when another combination has it.</summary>
    private static bool Shareable(StrategyGraph graph, int node)
    {
        var n = graph.Nodes[node];
        return n.Kind == ValueKind.Bool && n.Op != NodeOp.Constant;
    }

    /// <summary>
    /// The nodes of <paramref name="shared"/> the rules reach without passing through another of them: those the walk
    /// reads, its computation of the rest stopping there.
    /// </summary>
    private static int[] Frontier(StrategyGraph graph, Func<int, bool> shared)
    {
        var sharedNodes = new HashSet<int>(Enumerable.Range(0, graph.Nodes.Count).Where(shared));
        var needed = LaneProgramBuilder.Needed(graph, sharedNodes);
        return [.. sharedNodes.Where(i => needed[i]).Order()];
    }
}
