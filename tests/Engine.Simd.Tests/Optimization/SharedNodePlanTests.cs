using Backtest.Optimization;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Language;
using Backtest.Strategies.Lanes;
using Backtest.Strategies.Library;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class SharedNodePlanTests
{
    private const long Record = 1000;

    private static StrategyGraph Graph(StrategyDefinition strategy, params (string Name, double Value)[] values) =>
        strategy.Instantiate(strategy.Values(values.ToDictionary(v => v.Name, v => v.Value))).Graph;

    private static SharedNodePlan Plan(IReadOnlyList<StrategyGraph> graphs, long capacity = long.MaxValue)
    {
        var keys = new NodeKeys();
        return SharedNodePlan.Build(graphs, [.. graphs.Select(keys.Of)], Record, capacity);
    }

    /// <summary>Issue 5's grid on s3: sma_fast 4..40 x bb_k 1.5..2.4 x rsi_period 8..26, 10 of each.</summary>
    private static StrategyGraph[] Cube()
    {
        var s3 = StrategyLibrary.Find("s3")!;
        var graphs = new List<StrategyGraph>();
        for (int f = 0; f < 10; f++)
            for (int b = 0; b < 10; b++)
                for (int r = 0; r < 10; r++)
                    graphs.Add(Graph(s3, ("sma_fast", 4 + 4 * f), ("bb_k", Math.Round(1.5 + 0.1 * b, 1)), ("rsi_period", 8 + 2 * r)));
        return [.. graphs];
    }

    [Fact]
    public void S3s_cube_records_its_51_comparisons_once_and_the_others_read_all_six_of_theirs()
    {
        var graphs = Cube();
        var plan = Plan(graphs);

        // Worked by hand: 10 trend comparisons (one per fast SMA), 2 x 10 RSI bounds, 2 x 10 bands, 1 MACD.
        Assert.Equal(51 * Record, plan.Bytes);
        Assert.Equal(Enumerable.Range(0, graphs.Length), plan.Order.Order());
        var recorders = plan.Order.TakeWhile(c => plan.Sharing[c]!.Recorded.Count > 0).ToArray();
        // Greedily, the cube's diagonal: each recorder brings a new fast SMA, band width and RSI period.
        Assert.Equal(10, recorders.Length);
        foreach (int c in plan.Order.Skip(recorders.Length))
        {
            var sharing = plan.Sharing[c]!;
            Assert.Empty(sharing.Recorded);
            Assert.Equal(6, sharing.Read.Count);
            Assert.All(sharing.Read, n => Assert.True(graphs[c].Nodes[n].IsComparison));
            // Every node read has been recorded, by a recorder that runs before.
            Assert.All(sharing.Read, n => Assert.True(plan.Offset(c, n) >= 0));
            // Nothing of an indicator is left to compute: the rules need only the records, constants and the score.
            var needed = LaneProgramBuilder.Needed(graphs[c], sharing.Read);
            Assert.DoesNotContain(Enumerable.Range(0, needed.Length), n => needed[n] && graphs[c].Nodes[n].Op is NodeOp.Sma or NodeOp.Rsi or NodeOp.Ema or NodeOp.Stdev);
        }
    }

    [Fact]
    public void A_combination_reads_what_it_shares_and_computes_the_rest()
    {
        var strategy = StrategyCompiler.Parse(System.Text.Encoding.UTF8.GetBytes(string.Join('\n',
            "strategy two \"two periods\"",
            "param n = 10 in 2..100",
            "param m = 20 in 2..100",
            "buy when close > sma(close, n) or crossover(ema(close, n), sma(close, m))",
            "sell when rsi(close, m) > 70")), "two.bt");
        var graphs = new[] { Graph(strategy, ("n", 5), ("m", 14)), Graph(strategy, ("n", 5), ("m", 20)), Graph(strategy, ("n", 10), ("m", 14)) };
        var plan = Plan(graphs);

        // The first brings the most shared comparisons (n = 5's with the second, m = 14's with the third) and records them.
        Assert.Equal(0, plan.Order[0]);
        Assert.NotEmpty(plan.Sharing[0]!.Recorded);
        foreach (int c in new[] { 1, 2 })
        {
            var sharing = plan.Sharing[c]!;
            Assert.Empty(sharing.Recorded);
            Assert.NotEmpty(sharing.Read);
            var nodes = graphs[c].Nodes;
            var needed = LaneProgramBuilder.Needed(graphs[c], sharing.Read);
            bool Computes(NodeOp op, int period) => Enumerable.Range(0, nodes.Count).Any(i => needed[i] && !sharing.Read.Contains(i) && nodes[i].Op == op && nodes[i].Period == period);
            if (c == 1)
            {
                // n = 5 is shared: close > sma(close, 5) is read. m = 20 is its own: rsi(close, 20) and the cross are computed.
                Assert.True(Computes(NodeOp.Rsi, 20));
                Assert.True(Computes(NodeOp.Ema, 5), "the cross of ema(5) and sma(20) is this combination's own");
            }
            else
            {
                // m = 14 is shared: rsi(close, 14) > 70 is read, so rsi is not computed; n = 10 is its own.
                Assert.False(Computes(NodeOp.Rsi, 14));
                Assert.True(Computes(NodeOp.Sma, 10));
            }
        }
    }

    [Fact]
    public void Past_the_capacity_no_more_is_recorded_and_the_rest_is_computed()
    {
        var graphs = Cube();
        var plan = Plan(graphs, capacity: 20 * Record);
        Assert.True(plan.Bytes <= 20 * Record);
        foreach (int c in plan.Order)
        {
            var sharing = plan.Sharing[c];
            if (sharing is null) continue;
            Assert.All(sharing.Read, n => Assert.True(plan.Offset(c, n) >= 0, $"combination {c} reads node {n}, which has no record"));
        }
    }
}
