using Backtest.Engines;
using Backtest.Lanes;
using Backtest.Metrics;
using Backtest.Optimization;
using Backtest.Panel;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;
using Backtest.Strategy;
using Backtest.Tests.Strategies;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Optimization;

/// <summary>
/// Sharing under the engine contract: random strategies (<see cref="RandomStrategies"/>: every op, sparse bools with
/// na, long, short, reversing), each run beside its twin (the same graph drawn again from the same seed, another
/// instance) and its mirror (the same nodes with the long and short rules swapped), with random execution options, on
/// random ragged tiles at every width, f64 and f32. The twin and the mirror read what the first records; every one of
/// them must get, bit for bit, the SIMD engine's own run of its graph on the wide panel.
/// </summary>
public sealed class SharedNodeContractTests
{
    private const int Symbols = 11;
    private const int MaxBars = 600;
    private const int PerBatch = 8;

    public static TheoryData<int, string> Batches() => new()
    {
        { 0, "f64" }, { 1, "f64" }, { 2, "f64" }, { 0, "f32" }, { 1, "f32" },
    };

    [Theory]
    [MemberData(nameof(Batches))]
    public void Random_strategies_reading_their_twins_records_get_their_own_runs(int batch, string precisionName)
    {
        var precision = precisionName == "f32" ? Precision.F32 : Precision.F64;
        var first = new RandomStrategies(seed: 5000 + batch);
        var twins = new RandomStrategies(seed: 5000 + batch);
        long read = 0;
        for (int i = 0; i < PerBatch; i++)
        {
            int seed = 700 * batch + i;
            var graph = first.Next(out string description);
            var twin = twins.Next(out _);
            var r = graph.Rules;
            var mirror = new StrategyGraph(graph.Nodes, new StrategyRules(r.Short, r.Cover, r.Buy, r.Sell));
            var random = new Random(seed);
            StrategyGraph[] graphs = [graph, twin, mirror];
            StrategyParameters[] executions = [.. graphs.Select(_ => Contract.StrategyContract.RandomExecution(random))];
            var series = RandomBars.Universe(Symbols, MaxBars, seed);
            foreach (var width in VectorWidths.Accelerated)
                read += Check(series, graphs, executions, precision, width, $"random {seed} ({description}) {precision} {width}");
        }
        Assert.True(read > 0, "the twins should read records");
    }

    /// <summary>Runs the group tile by tile as the grid evaluator does; returns the nodes read from records.</summary>
    private static unsafe long Check(
        IReadOnlyList<Backtest.Data.BarSeries> series, StrategyGraph[] graphs, StrategyParameters[] executions, Precision precision, VectorWidth width, string at)
    {
        bool volume = graphs.Any(LaneProgramBuilder.ReadsVolume);
        var ct = TestContext.Current.CancellationToken;
        IReadOnlyList<SymbolResult>[] expected;
        using (var wide = BarPanel.Create(series, precision, volume))
            expected = [.. graphs.Select((g, j) => new SimdEngine(width, maxDegreeOfParallelism: 1).Run(wide, g, executions[j], ct))];

        var keys = new NodeKeys();
        int[][] nodeKeys = [.. graphs.Select(keys.Of)];
        var rows = graphs.Select(_ => new SymbolMetrics[series.Count]).ToArray();
        long read = 0;
        using var tiles = PanelTiles.Build(series, precision, width, volume);
        for (int t = 0; t < tiles.Panels.Length; t++)
        {
            var panel = tiles.Panels[t];
            var plan = SharedNodePlan.Build(graphs, nodeKeys, GraphTilePass.RecordBytes(panel), GraphGridEvaluator.RecordCapacity);
            using var buffer = NativeBlock.Allocate(Math.Max(64, plan.Bytes));
            foreach (int j in plan.Order)
            {
                var sharing = plan.Sharing[j];
                read += sharing?.Read.Count ?? 0;
                GraphTilePass.Run(panel, width, graphs[j], executions[j], sharing, (byte*)buffer.Pointer, node => plan.Offset(j, node), tiles.SourceIndex[t], rows[j]);
            }
        }
        for (int j = 0; j < graphs.Length; j++)
            for (int s = 0; s < series.Count; s++)
                Assert.True(expected[j][s].Metrics == rows[j][s], $"{at}, strategy {j} (0 first, 1 twin, 2 mirror), {series[s].Symbol}: {rows[j][s]} instead of {expected[j][s].Metrics}");
        return read;
    }
}
