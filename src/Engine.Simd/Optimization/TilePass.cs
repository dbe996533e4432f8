using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Engines;
using Backtest.Fused;
using Backtest.Lanes;
using Backtest.Simulation;
using Backtest.Metrics;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// One parameter set over one tile, on the calling thread, chunk by chunk as the SIMD engine cuts the tile:
/// a fused pass, a recording one or a walk on recorded score parts (<see cref="SharedScorePlan"/>).
/// </summary>
internal static unsafe class TilePass
{
    /// <summary>Bytes of one score-part mask over <paramref name="panel"/>: a byte per lane per bar, padded for 16-byte reads, in whole cache lines.</summary>
    public static long MaskBytes(BarPanel panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return ((long)panel.Bars * panel.Stride + 64 + 63) & ~63L;
    }

    /// <param name="parts">The plan's buffer (unused by fused passes).</param>
    /// <param name="offsets">The set's mask offsets in it (<see cref="SharedScorePlan.Offsets"/>).</param>
    /// <param name="sources">Each of the tile's series' index in <paramref name="row"/>.</param>
    /// <param name="row">The set's per-symbol results, written at the tile's symbols.</param>
    public static void Run(
        BarPanel panel, VectorWidth width, StrategyParameters parameters, ChunkPass pass, byte* parts, long[]? offsets,
        int[] sources, SymbolMetrics[] row)
    {
        var input = pass == ChunkPass.Fused ? default : PartsAt(parts, offsets!);
        switch (panel)
        {
            case BarPanel<double> d:
                Run(d, width, parameters, pass, input, sources, row);
                break;
            case BarPanel<float> f:
                Run(f, width, parameters, pass, input, sources, row);
                break;
            default:
                throw new ArgumentException($"Unsupported panel type {panel.GetType().Name}.", nameof(panel));
        }
    }

    private static ScorePartsInput PartsAt(byte* buffer, long[] offsets)
    {
        sbyte* At(int i) => offsets[i] < 0 ? null : (sbyte*)(buffer + offsets[i]);
        return new ScorePartsInput { TrendUp = At(0), RsiUp = At(1), RsiDown = At(2), BandsUp = At(3), BandsDown = At(4), MacdUp = At(5) };
    }

    private static void Run<T>(
        BarPanel<T> panel, VectorWidth width, StrategyParameters parameters, ChunkPass pass, in ScorePartsInput parts, int[] sources, SymbolMetrics[] row)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var settings = new KernelSettings { Parameters = parameters, Precision = panel.Precision };
        Span<PositionAccount> accounts = new PositionAccount[Vector512<byte>.Count];
        Span<LaneTotals> totals = new LaneTotals[Vector512<byte>.Count];
        foreach (var chunk in Chunk.Plan(panel.Symbols, width, sizeof(T)))
        {
            var input = ChunkInput<T>.For(panel, chunk, settings, accounts);
            ChunkKernels.Run(chunk, pass, input, settings, parts, accounts, totals);
            int lanes = chunk.Width.Lanes(sizeof(T));
            for (int i = 0; i < lanes; i++)
            {
                int lane = chunk.FirstLane + i;
                row[sources[panel.SourceIndex[lane]]] = SimdEngine.LaneResult(panel, lane, parameters, accounts[i], totals[i]).Metrics;
            }
        }
    }
}
