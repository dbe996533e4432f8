using Backtest.Data;
using Backtest.Engines;
using Backtest.Fused;
using Backtest.Lanes;
using Backtest.Panel;

namespace Backtest.Optimization;

/// <summary>
/// The series as one small dense panel per vector of lanes (a tile), instead of one wide panel. A grid runs
/// every parameter set over the same bars: run tile by tile, a vector's bars (4 × 8 bytes × bars: 4 MB for
/// 8 f64 lanes of 16,380 bars) stay in cache from one set to the next, and are read as contiguous rows
/// rather than one cache line out of every wide row. Lanes are grouped exactly as the engine groups them in
/// the wide panel (longest first, vectors of the widest width, the tail in one tile that the engine splits
/// the same way), so every lane runs in the same vector with the same neighbours and its results are
/// those of the wide panel, bit for bit.
/// </summary>
internal sealed class PanelTiles : IDisposable
{
    private PanelTiles(BarPanel[] panels, int[][] sourceIndex)
    {
        Panels = panels;
        SourceIndex = sourceIndex;
    }

    public BarPanel[] Panels { get; }

    /// <summary>For each tile, the index in the original series list of each of its series (the tile's result order).</summary>
    public int[][] SourceIndex { get; }

    public long Bytes => Panels.Sum(p => p.Bytes);

    public bool HasVolume => Panels.All(p => p.HasVolume);

    /// <param name="withVolume">Whether the tiles hold volume (for strategies that read it).</param>
    public static PanelTiles Build(IReadOnlyList<BarSeries> series, Precision precision, VectorWidth width, bool withVolume = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        // The wide panel's lane order: longest first, ties in list order (OrderBy is stable).
        int[] order = [.. Enumerable.Range(0, series.Count).OrderByDescending(i => series[i].Count)];
        int elementBytes = precision == Precision.F32 ? sizeof(float) : sizeof(double);
        var chunks = Chunk.Plan(series.Count, width, elementBytes);

        // Each full-width vector is a tile; the narrower chunks of the tail share one, which the engine cuts the same way.
        var ranges = new List<(int First, int Count)>();
        foreach (var chunk in chunks)
        {
            if (chunk.Width == width) ranges.Add((chunk.FirstLane, width.Lanes(elementBytes)));
        }
        int tail = ranges.Count == 0 ? 0 : ranges[^1].First + ranges[^1].Count;
        if (tail < series.Count) ranges.Add((tail, series.Count - tail));

        var panels = new BarPanel[ranges.Count];
        var sources = new int[ranges.Count][];
        try
        {
            Parallel.For(0, ranges.Count, t =>
            {
                var (first, count) = ranges[t];
                sources[t] = order.AsSpan(first, count).ToArray();
                panels[t] = BarPanel.Create([.. sources[t].Select(i => series[i])], precision, withVolume);
            });
        }
        catch
        {
            foreach (var p in panels) p?.Dispose();
            throw;
        }
        return new PanelTiles(panels, sources);
    }

    public void Dispose()
    {
        foreach (var p in Panels) p.Dispose();
    }
}
