using Backtest.Strategies.Graph;

namespace Backtest.Optimization;

/// <summary>
/// Numbers nodes of different graphs by what they compute: two nodes get the same key when their op, type, constants
/// and first bar are equal and their operands have equal keys, so equal sub-expressions of two combinations of a grid
/// (the same sma(close, 20) of two strategies with different thresholds) have one key. Not thread-safe: one per batch.
/// </summary>
internal sealed class NodeKeys
{
    private readonly Dictionary<(NodeOp Op, ValueKind Kind, int Period, long ValueBits, long FirstBar, int In0, int In1, int In2), int> _keys = [];

    /// <summary>Each node's key, by node index.</summary>
    public int[] Of(StrategyGraph graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        var keys = new int[graph.Nodes.Count];
        for (int i = 0; i < keys.Length; i++)
        {
            var n = graph.Nodes[i];
            int Key(int input) => input < 0 ? -1 : keys[input];
            // A constant's bits, not its value: −0 and 0 are different constants to a division.
            var shape = (n.Op, n.Kind, n.Period, BitConverter.DoubleToInt64Bits(n.Value), n.FirstBar, Key(n.In0), Key(n.In1), Key(n.In2));
            if (!_keys.TryGetValue(shape, out int key))
            {
                key = _keys.Count;
                _keys.Add(shape, key);
            }
            keys[i] = key;
        }
        return keys;
    }
}
