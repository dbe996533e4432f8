using System.Numerics;
using System.Runtime.InteropServices;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// What a node reads when it is opened for a chunk: the graph, which node it is (assigned in the order of the
/// composition), the lanes of a vector, and the chunk's arena for the history it keeps (ring buffers).
/// </summary>
internal sealed unsafe class NodeSetup<T> : IDisposable
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly List<nint> _blocks = [];
    private int _next;

    public NodeSetup(StrategyGraph graph, int lanes)
    {
        Graph = graph;
        Lanes = lanes;
    }

    public StrategyGraph Graph { get; }

    public int Lanes { get; }

    /// <summary>The node being opened: the composition opens nodes in graph order, one call of <see cref="Next"/> each.</summary>
    public GraphNode Next(out int index)
    {
        index = _next++;
        return Graph.Nodes[index];
    }

    /// <summary>Starts a new chunk: nodes are opened from the first again.</summary>
    public void Restart() => _next = 0;

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
