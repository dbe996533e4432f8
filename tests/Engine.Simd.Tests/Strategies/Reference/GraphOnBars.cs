using Backtest.Strategies.Graph;
using Backtest.Strategies.Reference;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Strategies.Reference;

/// <summary>
/// A graph under construction on a few hand-made bars: build nodes with <see cref="G"/>, then read any node's series
/// as the <see cref="ReferenceEvaluator"/> computes it. High, low and open default to the close, volume to 1.
/// </summary>
internal sealed class GraphOnBars(double[] close, double[]? high = null, double[]? low = null, double[]? volume = null)
{
    private const double Na = double.NaN;

    public GraphBuilder G { get; } = new();

    public int Close => G.Series(NodeOp.Close);

    public int Bar => G.Series(NodeOp.Bar);

    public int Num(double value) => G.Constant(value, ValueKind.Num);

    public int Int(long value) => G.Constant(value, ValueKind.Int);

    /// <summary>A §5 function by name on series nodes and constants, as the language would lower it.</summary>
    public FunctionValue Call(string name, params object[] arguments) =>
        FunctionCatalog.All[name].Lower(G, [.. arguments.Select(a => a switch
        {
            Node n => FunctionArgument.OfNode(n.Index),
            _ => FunctionArgument.OfConstant(Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture)),
        })]);

    /// <summary>A series operand of <see cref="Call"/> (a bare int is a constant).</summary>
    public readonly record struct Node(int Index);

    public double[] Series(int node) => All(StrategyRules.None)[node];

    public double[][] All(StrategyRules rules)
    {
        double[] h = high ?? close, l = low ?? close, v = volume ?? [.. close.Select(_ => 1.0)];
        return ReferenceEvaluator.Evaluate(G.Build(rules), close, h, l, close, v);
    }

    /// <summary>The node's series equals <paramref name="expected"/> (NaN: na there) to 1e-12.</summary>
    public void AssertSeries(int node, string what, params double[] expected)
    {
        var actual = Series(node);
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} bars, expected {expected.Length}");
        for (int k = 0; k < expected.Length; k++)
        {
            if (double.IsNaN(expected[k])) Assert.True(double.IsNaN(actual[k]), $"{what}[{k}]: expected na, got {actual[k]:R}");
            else Near.Equal(expected[k], actual[k], $"{what}[{k}]", rel: 1e-12, abs: 1e-12);
        }
    }

    /// <summary>A bool node's series: 1 true, 0 false, NaN na.</summary>
    public void AssertBools(int node, string what, params bool?[] expected) =>
        AssertSeries(node, what, [.. expected.Select(b => b is null ? Na : b.Value ? 1 : 0)]);
}
