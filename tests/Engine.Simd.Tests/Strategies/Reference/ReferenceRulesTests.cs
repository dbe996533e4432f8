using Backtest.Data;
using Backtest.Simulation;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Reference;
using Xunit;

namespace Backtest.Tests.Strategies.Reference;

/// <summary>Which of the four rules hold at each bar (strategies.md §2, §3, §6): na is not, nothing before W.</summary>
public class ReferenceRulesTests
{
    [Fact]
    public void Rules_hold_where_true_and_not_where_false_na_or_absent_and_never_before_the_first_decision_bar()
    {
        // buy: close > sma(close, 3) (first bar 2); short: close < close[1] (first bar 1), so W = 2 and bar 1's
        // fall does not act. sell and cover are absent.
        double[] close = [10, 9, 11, 12, 8, 8];
        var b = new GraphOnBars(close);
        int buy = b.G.Operator(NodeOp.Greater, b.Close, b.G.Function(NodeOp.Sma, b.Close, 3));
        int shortRule = b.G.Operator(NodeOp.Less, b.Close, b.G.Lag(b.Close, 1));
        var graph = b.G.Build(new StrategyRules(buy, -1, shortRule, -1));
        Assert.Equal(2, graph.FirstDecisionBar);

        // sma(3): _, _, 10, 10.667, 10.333, 9.333 → buy at 2 (11 > 10), 3 (12 > 10.667); bar 4: 8 < 10.333; bar 5: 8 < 9.333.
        // short: bar 1 falls (before W), bar 4 falls, bar 5 flat.
        var signals = ReferenceEvaluator.Rules(graph, b.All(graph.Rules));
        Assert.Equal(
            [RuleSignals.None, RuleSignals.None, RuleSignals.Buy, RuleSignals.Buy, RuleSignals.Short, RuleSignals.None],
            signals);
    }

    [Fact]
    public void A_rule_that_is_na_at_a_bar_does_not_hold_there()
    {
        // sell: close / (bar − 3) != 0 is true except at bar 3, where it is na (x/0); buy: true throughout.
        var b = new GraphOnBars([1, 1, 1, 1, 1]);
        int ratio = b.G.Operator(NodeOp.Divide, b.Close, b.G.Operator(NodeOp.Subtract, b.Bar, b.Int(3)));
        int sell = b.G.Operator(NodeOp.NotEqual, ratio, b.Int(0));
        var graph = b.G.Build(new StrategyRules(b.G.Bool(true), sell, -1, -1));
        var signals = ReferenceEvaluator.Rules(graph, b.All(graph.Rules));
        var both = RuleSignals.Buy | RuleSignals.Sell;
        Assert.Equal([both, both, both, RuleSignals.Buy, both], signals);
    }

    [Fact]
    public void A_bar_series_gives_the_same_rules_as_its_columns()
    {
        // open, high, low and volume differ from the close here, so a mixed-up column would show: buy when the bar
        // closes above its open with volume over 150 (bar 1 only), sell when its range is over 1 (bars 1 and 2).
        double[] open = [10, 10, 12], high = [11, 12, 14], low = [10.5, 10, 11], close = [10, 11, 11.5], volume = [100, 200, 100];
        var bars = new BarSeries("X", [1, 2, 3], open, high, low, close, volume);
        var g = new GraphBuilder();
        int rises = g.Operator(NodeOp.Greater, g.Series(NodeOp.Close), g.Series(NodeOp.Open));
        int busy = g.Operator(NodeOp.Greater, g.Series(NodeOp.Volume), g.Constant(150, ValueKind.Int));
        int wide = g.Operator(NodeOp.Greater, g.Operator(NodeOp.Subtract, g.Series(NodeOp.High), g.Series(NodeOp.Low)), g.Constant(1, ValueKind.Int));
        var graph = g.Build(new StrategyRules(g.Operator(NodeOp.And, rises, busy), wide, -1, -1));

        var fromSeries = ReferenceEvaluator.Rules(graph, bars);
        var fromColumns = ReferenceEvaluator.Rules(graph, ReferenceEvaluator.Evaluate(graph, open, high, low, close, volume));
        Assert.Equal([RuleSignals.None, RuleSignals.Buy | RuleSignals.Sell, RuleSignals.Sell], fromSeries);
        Assert.Equal(fromSeries, fromColumns);
    }
}
