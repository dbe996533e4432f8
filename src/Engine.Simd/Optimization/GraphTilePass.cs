using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Engines;
using Backtest.Fused;
using Backtest.Fused.Graph;
using Backtest.Lanes;
using Backtest.Metrics;
using Backtest.Panel;
using Backtest.Simulation;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// One combination of a grid over one tile, on the calling thread, chunk by chunk as the SIMD engine cuts the tile: the
/// graph walk, reading the nodes its <see cref="NodeSharing"/> reads from records and recording those it records
/// (<see cref="SharedNodePlan"/>): both are nodes of its composed walk, so it is the one plain runner of its sharing.
/// </summary>
internal static unsafe class GraphTilePass
{
    /// <summary>
    /// A thread's lane accounts, totals and trade lists: a grid makes tens of thousands of tile runs and keeps only each
    /// lane's metrics, so they are reused rather than allocated (and the trade lists grown and zeroed) run after run.
    /// </summary>
    private sealed class LaneScratch
    {
        public PositionAccount[] Accounts { get; } = new PositionAccount[Vector512<byte>.Count];

        public LaneTotals[] Totals { get; } = new LaneTotals[Vector512<byte>.Count];

        public List<Trade>?[] Trades { get; } = new List<Trade>?[Vector512<byte>.Count];
    }

    [ThreadStatic]
    private static LaneScratch? s_scratch;

    private static LaneScratch Scratch => s_scratch ??= new LaneScratch();

    /// <summary>Bytes of one node's record over <paramref name="panel"/>: a byte per lane per bar, padded for 16-byte reads, in whole cache lines.</summary>
    public static long RecordBytes(BarPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return ((long)panel.Bars * panel.Stride + 64 + 63) & ~63L;
    }

    /// <param name="records">The plan's buffer (null when nothing is shared).</param>
    /// <param name="offsetOf">The record offset in it of each of the graph's nodes (−1: none).</param>
    /// <param name="sources">Each of the tile's series' index in <paramref name="row"/>.</param>
    /// <param name="row">The combination's per-symbol results, written at the tile's symbols.</param>
    public static void Run(
        BarPanel panel, VectorWidth width, StrategyGraph graph, StrategyParameters execution, NodeSharing? sharing, byte* records,
        Func<int, long> offsetOf, int[] sources, SymbolMetrics[] row)
    {
        switch (panel)
        {
            case BarPanel<double> d:
                Run(d, width, graph, execution, sharing, records, offsetOf, sources, row);
                break;
            case BarPanel<float> f:
                Run(f, width, graph, execution, sharing, records, offsetOf, sources, row);
                break;
            default:
                throw new ArgumentException($"Unsupported panel type {panel.GetType().Name}.", nameof(panel));
        }
    }

    private static void Run<T>(
        BarPanel<T> panel, VectorWidth width, StrategyGraph graph, StrategyParameters execution, NodeSharing? sharing, byte* records,
        Func<int, long> offsetOf, int[] sources, SymbolMetrics[] row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var settings = new KernelSettings { Parameters = execution, Precision = panel.Precision };
        // The thread's accounts and totals, reused run after run: every lane's are opened afresh for each chunk.
        var scratch = Scratch;
        Span<PositionAccount> accounts = scratch.Accounts;
        Span<LaneTotals> totals = scratch.Totals;
        var rows = new nint[sharing is null ? 0 : graph.Nodes.Count];
        foreach (var chunk in Chunk.PlanFullWidth(panel.Symbols, width, sizeof(T)))
        {
            var input = ChunkInput<T>.For(panel, chunk, settings, accounts);
            int lanes = chunk.Width.Lanes(sizeof(T));
            // A grid keeps only each lane's metrics: the trade lists are the thread's, cleared and refilled run after run
            // (a strategy trading every few bars grew and zeroed a new list per lane per combination).
            for (int i = 0; i < lanes; i++)
            {
                var trades = scratch.Trades[i] ??= new List<Trade>(256);
                trades.Clear();
                accounts[i].Trades = trades;
            }
            T* volume = panel.VolumePointer is null ? null : panel.VolumePointer + chunk.FirstLane;
            // A record's row for this chunk: its lanes start at the chunk's first lane, as the panel's do.
            if (sharing is not null)
                foreach (int node in sharing.Read.Concat(sharing.Recorded)) rows[node] = (nint)(records + offsetOf(node) + chunk.FirstLane);
            GraphKernels.For<T>(graph, chunk.Width, sharing)(input, volume, rows, graph, settings, accounts, totals);
            int panelLanes = chunk.PanelLanes(panel.Symbols, sizeof(T));
            for (int i = 0; i < panelLanes; i++)
            {
                int lane = chunk.FirstLane + i;
                row[sources[panel.SourceIndex[lane]]] = SimdEngine.LaneResult(panel, lane, execution, accounts[i], accounts[i].Trades!, totals[i]).Metrics;
            }
        }
    }
}
