using System.Numerics;
using System.Runtime.InteropServices;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// What a node reads when it is opened for a chunk: the graph (a node finds itself by its output slot's index), the
/// lanes of a vector, the rows of recorded values it reads or writes, and the chunk's arena for the history it keeps
/// (ring buffers).
/// </summary>
internal sealed unsafe class NodeSetup<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly List<nint> _blocks = [];

    private readonly nint[] _records;

    /// <param name="records">Per graph node, its recorded row at the chunk's first lane (0 where the walk computes it): <see cref="NodeSharing"/>.</param>
    public NodeSetup(StrategyGraph graph, int lanes, ReadOnlySpan<nint> records = default)
    {
        Graph = graph;
        Lanes = lanes;
        _records = records.ToArray();
    }

    public StrategyGraph Graph { get; }

    public int Lanes { get; }

    /// <summary>Node <paramref name="index"/> of the graph: a node's lane form opens with its own (its output slot's index).</summary>
    public GraphNode Node(int index) => Graph.Nodes[index];

    /// <summary>Where node <paramref name="index"/>'s recorded values are read (<see cref="RecordedBoolNode{TL, TV, T, TNa, TOut}"/>).</summary>
    public sbyte* Record(int index) =>
        index < _records.Length && _records[index] != 0
            ? (sbyte*)_records[index]
            : throw new InvalidOperationException($"Node {index} is read from a record the walk was not given.");

    /// <summary>A ring of at least <paramref name="bars"/> rows of lanes, every value na (NaN): what was before bar 0.</summary>
    public LaneRing<T> Ring(int bars)
    {
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, bars));
        nuint count = (nuint)size * (nuint)Lanes;
        var block = (T*)NativeMemory.AlignedAlloc(count * (nuint)sizeof(T), 64);
        new Span<T>(block, checked((int)count)).Fill(T.NaN);
        _blocks.Add((nint)block);
        return new LaneRing<T>(block, size - 1, Lanes);
    }

    public void Dispose()
    {
        foreach (nint block in _blocks) NativeMemory.AlignedFree((void*)block);
        _blocks.Clear();
    }
}

/// <summary>A node's history: the last rows of a series, one row of lanes per bar, indexed by bar modulo a power of two.</summary>
internal readonly unsafe struct LaneRing<T>(T* rows, int mask, int lanes)
    where T : unmanaged
{
    /// <summary>The row of bar <paramref name="k"/> (any bar within the ring's size of the newest; before bar 0, na).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public T* Row(int k) => rows + (nint)(k & mask) * lanes;
}
