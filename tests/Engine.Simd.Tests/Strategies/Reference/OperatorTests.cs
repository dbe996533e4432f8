using Backtest.Strategies.Graph;
using Xunit;

namespace Backtest.Tests.Strategies.Reference;

/// <summary>strategies.md §3's operators: na in gives na out (and, or, not and ?: included); x/0, sqrt and log domains.</summary>
public class OperatorTests
{
    private const double Na = double.NaN;

    [Fact]
    public void Arithmetic_and_the_domains_of_divide_sqrt_and_log()
    {
        var b = new GraphOnBars([-1, 0, 4]);
        b.AssertSeries(b.G.Operator(NodeOp.Divide, b.Int(1), b.Close), "1 / x", -1, Na, 0.25);
        b.AssertSeries(b.G.Operator(NodeOp.Sqrt, b.Close), "sqrt", Na, 0, 2);
        b.AssertSeries(b.G.Operator(NodeOp.Log, b.Close), "log", Na, Na, Math.Log(4));
        b.AssertSeries(b.G.Operator(NodeOp.Exp, b.Close), "exp", Math.Exp(-1), 1, Math.Exp(4));
        b.AssertSeries(b.G.Operator(NodeOp.Abs, b.Close), "abs", 1, 0, 4);
        b.AssertSeries(b.G.Operator(NodeOp.Negate, b.Close), "-x", 1, 0, -4);
        b.AssertSeries(b.G.Operator(NodeOp.Min, b.Close, b.Int(0)), "min", -1, 0, 0);
        b.AssertSeries(b.G.Operator(NodeOp.Max, b.Close, b.Int(0)), "max", 0, 0, 4);
        b.AssertSeries(b.G.Operator(NodeOp.Multiply, b.Close, b.Num(2.5)), "x * 2.5", -2.5, 0, 10);
        b.AssertSeries(b.G.Operator(NodeOp.Subtract, b.Close, b.Bar), "x - bar", -1, -1, 2);
    }

    [Fact]
    public void And_or_not_and_the_conditional_are_na_when_any_operand_is_na()
    {
        // up = close > close[1]: na at bar 0. Even 'na and false' and 'na or true' are na (strategies.md §3).
        var b = new GraphOnBars([1, 2, 1]);
        int up = b.G.Operator(NodeOp.Greater, b.Close, b.G.Lag(b.Close, 1));
        int no = b.G.Bool(false), yes = b.G.Bool(true);
        b.AssertBools(b.G.Operator(NodeOp.And, up, no), "up and false", null, false, false);
        b.AssertBools(b.G.Operator(NodeOp.And, up, yes), "up and true", null, true, false);
        b.AssertBools(b.G.Operator(NodeOp.Or, up, yes), "up or true", null, true, true);
        b.AssertBools(b.G.Operator(NodeOp.Or, up, no), "up or false", null, true, false);
        b.AssertBools(b.G.Operator(NodeOp.Not, up), "not up", null, false, true);
        b.AssertSeries(b.G.Operator(NodeOp.Condition, up, b.Int(1), b.Int(-1)), "up ? 1 : -1", Na, 1, -1);
    }

    [Fact]
    public void The_conditional_is_na_when_the_branch_not_taken_is_na()
    {
        // yes ? 1 : 1/(bar − 1): the unused branch is na at bar 1, and so is the result.
        var b = new GraphOnBars([5, 5, 5]);
        int reciprocal = b.G.Operator(NodeOp.Divide, b.Int(1), b.G.Operator(NodeOp.Subtract, b.Bar, b.Int(1)));
        b.AssertSeries(b.G.Operator(NodeOp.Condition, b.G.Bool(true), b.Int(1), reciprocal), "true ? 1 : 1/(bar − 1)", 1, Na, 1);
    }

    [Fact]
    public void Constants_and_bar_are_series()
    {
        var b = new GraphOnBars([5, 6, 7]);
        b.AssertSeries(b.Num(2.5), "2.5", 2.5, 2.5, 2.5);
        b.AssertSeries(b.Bar, "bar", 0, 1, 2);
    }
}
