using Backtest.Lanes;

namespace Backtest.Fused;

/// <summary>Consecutive lanes of a panel that one kernel call runs: one vector of the given width.</summary>
internal readonly record struct Chunk(int FirstLane, VectorWidth Width)
{
    /// <summary>
    /// Lanes [0, <paramref name="lanes"/>) cut into vectors of <paramref name="widest"/>, the tail into the
    /// narrower accelerated widths and, last, single scalar lanes.
    /// </summary>
    public static Chunk[] Plan(int lanes, VectorWidth widest, int elementBytes)
    {
        var chunks = new List<Chunk>();
        int next = 0;
        foreach (var width in new[] { VectorWidth.Bits512, VectorWidth.Bits256, VectorWidth.Bits128, VectorWidth.Scalar })
        {
            if (width > widest || !width.IsAccelerated()) continue;
            int size = width.Lanes(elementBytes);
            for (; next + size <= lanes; next += size) chunks.Add(new Chunk(next, width));
        }
        return [.. chunks];
    }

    /// <summary>The chunk's lanes that are the panel's (of <paramref name="symbols"/>): a chunk of <see cref="PlanFullWidth"/> may run on into the row padding.</summary>
    public int PanelLanes(int symbols, int elementBytes) => Math.Min(Width.Lanes(elementBytes), symbols - FirstLane);

    /// <summary>
    /// Lanes [0, <paramref name="lanes"/>) cut into vectors of <paramref name="widest"/> only, the last one running on
    /// into the panel's row padding (a row is rounded up to a cache line, at least one such vector): one kernel for the
    /// whole panel instead of one per tail width, which each cost the JIT as much as the widest. The padding's lanes
    /// (<see cref="ChunkInput{T}.For"/>: no bars) never trade and are not read back. Without vectors, <see cref="Plan"/>.
    /// </summary>
    public static Chunk[] PlanFullWidth(int lanes, VectorWidth widest, int elementBytes)
    {
        if (widest == VectorWidth.Scalar || !widest.IsAccelerated()) return Plan(lanes, widest, elementBytes);
        int size = widest.Lanes(elementBytes);
        var chunks = new Chunk[(lanes + size - 1) / size];
        for (int c = 0; c < chunks.Length; c++) chunks[c] = new Chunk(c * size, widest);
        return chunks;
    }
}
