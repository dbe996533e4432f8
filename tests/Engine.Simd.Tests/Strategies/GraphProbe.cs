using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Backtest.Data;
using Backtest.Fused;
using Backtest.Fused.Graph;
using Backtest.Lanes;
using Backtest.Panel;
using Backtest.Simulation;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;
using Backtest.Strategy;

namespace Backtest.Tests.Strategies;

/// <summary>Runs a graph in the graph walk at one vector width and records every node's value at every bar of every lane.</summary>
internal static unsafe class GraphProbe
{
    /// <summary>values[lane][node][bar] (bars past a lane's end hold its padding's values).</summary>
    /// <remarks>The panel holds no volume: it is laid out beside it here, row by row like the prices, for volume and obv.</remarks>
    public static double[][][] Values<T>(StrategyGraph graph, IReadOnlyList<BarSeries> series, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        using var panel = BarPanel<T>.FromSeries(series);
        var volume = new T[(panel.Bars + 1) * panel.Stride];
        for (int lane = 0; lane < panel.Symbols; lane++)
        {
            var source = series[panel.SourceIndex[lane]].Volume;
            for (int k = 0; k < source.Length; k++) volume[k * panel.Stride + lane] = T.CreateTruncating(source[k]);
        }
        fixed (T* volumeRows = volume) return Values(graph, panel, width, volumeRows);
    }

    private static double[][][] Values<T>(StrategyGraph graph, BarPanel<T> panel, VectorWidth width, T* volume)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var settings = new KernelSettings { Parameters = StrategyParameters.Default, Precision = panel.Precision };
        var result = new double[panel.Symbols][][];
        var accounts = new PositionAccount[64];
        var totals = new LaneTotals[64];
        foreach (var chunk in Chunk.Plan(panel.Symbols, width, sizeof(T)))
        {
            var input = ChunkInput<T>.For(panel, chunk, settings, accounts);
            var lanes = chunk.Width switch
            {
                VectorWidth.Bits512 => Run<Vector512<T>, T>(graph, chunk.Width, input, volume + chunk.FirstLane, settings, accounts, totals),
                VectorWidth.Bits256 => Run<Vector256<T>, T>(graph, chunk.Width, input, volume + chunk.FirstLane, settings, accounts, totals),
                VectorWidth.Bits128 => Run<Vector128<T>, T>(graph, chunk.Width, input, volume + chunk.FirstLane, settings, accounts, totals),
                _ => Run<T, T>(graph, chunk.Width, input, volume + chunk.FirstLane, settings, accounts, totals),
            };
            for (int i = 0; i < lanes.Length; i++) result[panel.SourceIndex[chunk.FirstLane + i]] = lanes[i];
        }
        return result;
    }

    private static double[][][] Run<TV, T>(StrategyGraph graph, VectorWidth width, ChunkInput<T> input, T* volume, KernelSettings settings, PositionAccount[] accounts, LaneTotals[] totals)
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int lanes = width.Lanes(sizeof(T));
        var probe = new Recorder<TV, T>(graph.Nodes.Count, input.MaxLastBar + 1, lanes);
        GraphKernels.Probed<T, Recorder<TV, T>>(graph, width)(input, volume, default, graph, settings, accounts, totals, ref probe);
        return probe.Values;
    }

    /// <summary>Copies every graph node's slot at every bar.</summary>
    private readonly struct Recorder<TV, T> : IWalkProbe<TV>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public Recorder(int nodes, int bars, int lanes) =>
            Values = [.. Enumerable.Range(0, lanes).Select(_ => Enumerable.Range(0, nodes).Select(_ => new double[bars]).ToArray())];

        public double[][][] Values { get; }

        public void Record(int k, ref LaneValues<TV> values)
        {
            int lanes = Values.Length, nodes = Values[0].Length;
            for (int node = 0; node < nodes; node++)
            {
                ref TV slot = ref Unsafe.Add(ref Unsafe.As<LaneValues<TV>, TV>(ref values), node);
                for (int lane = 0; lane < lanes; lane++)
                    Values[lane][node][k] = double.CreateTruncating(Unsafe.Add(ref Unsafe.As<TV, T>(ref slot), lane));
            }
        }

        public void RecordEquity(int k, TV equity) { }
    }
}
