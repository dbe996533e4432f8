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
}
