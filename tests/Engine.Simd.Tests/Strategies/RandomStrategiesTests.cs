using Backtest.Strategies.Graph;
using Xunit;

namespace Backtest.Tests.Strategies;

public sealed class RandomStrategiesTests
{
    [Fact]
    public void Drawn_strategies_are_well_typed_graphs_with_an_entry_rule_and_cover_every_function_family()
    {
        var random = new RandomStrategies(seed: 7);
        var seen = new HashSet<NodeOp>();
        for (int i = 0; i < 500; i++)
        {
            var graph = random.Next(out string description);
            Assert.True(graph.Rules.GoesLong || graph.Rules.GoesShort, description);
            Assert.InRange(graph.FirstDecisionBar, 0, 200);
            foreach (var node in graph.Nodes) seen.Add(node.Op);
        }
        foreach (var op in Enum.GetValues<NodeOp>())
            Assert.Contains(op, seen);
    }

    [Fact]
    public void The_same_seed_draws_the_same_strategy()
    {
        new RandomStrategies(3).Next(out string first);
        new RandomStrategies(3).Next(out string again);
        Assert.Equal(first, again);
    }
}
