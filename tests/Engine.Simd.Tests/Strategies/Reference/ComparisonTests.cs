using Backtest.Strategies.Graph;
using Backtest.Strategies.Reference;
using Xunit;

namespace Backtest.Tests.Strategies.Reference;

/// <summary>strategies.md §4's comparisons: "clearly greater" with ε = 1e-9 × max(|a|, |b|, close[k]); exact for ints and bools.</summary>
public class ComparisonTests
{
    private const double Na = double.NaN;

    [Theory]
    // ε = 1e-9 × 100 = 1e-7 (close and operands near 100): 2e-7 is clearly greater, 5e-8 is not.
    [InlineData(100.0000002, 100, 100, true)]
    [InlineData(100.00000005, 100, 100, false)]
    // The operands set ε when they outweigh the close: 1000 → ε = 1e-6, so 5e-7 is noise, though it is 500 × 1e-9 × close.
    [InlineData(1000.0000005, 1000, 1, false)]
    [InlineData(1000.000002, 1000, 1, true)]
    // The close sets ε for small operands (an oscillator near 0 of a 1000-dollar stock): ε = 1e-6.
    [InlineData(1.0000005, 1, 1000, false)]
    [InlineData(1.000002, 1, 1000, true)]
    // Negative operands use their magnitude.
    [InlineData(-1, -1.0000005, 1, true)]
    [InlineData(-1.0000005, -1, 1, false)]
    // Equal values are never clearly greater, even at 0.
    [InlineData(0, 0, 0, false)]
    public void Clearly_greater_needs_a_difference_beyond_epsilon(double a, double b, double close, bool expected) =>
        Assert.Equal(expected, Comparison.ClearlyGreater(a, b, close));

    [Fact]
    public void Within_epsilon_values_are_equal_for_every_operator()
    {
        // a = b + 5e-8 with ε = 1e-7: neither is clearly greater, so == holds, as do >= and <=.
        double a = 100.00000005, b = 100;
        Assert.False(Comparison.Holds(NodeOp.Greater, a, b, 100, exact: false));
        Assert.False(Comparison.Holds(NodeOp.Less, b, a, 100, exact: false));
        Assert.True(Comparison.Holds(NodeOp.GreaterOrEqual, b, a, 100, exact: false));
        Assert.True(Comparison.Holds(NodeOp.LessOrEqual, a, b, 100, exact: false));
        Assert.True(Comparison.Holds(NodeOp.Equal, a, b, 100, exact: false));
        Assert.False(Comparison.Holds(NodeOp.NotEqual, a, b, 100, exact: false));
        // Exactly, they differ.
        Assert.True(Comparison.Holds(NodeOp.Greater, a, b, 100, exact: true));
        Assert.False(Comparison.Holds(NodeOp.Equal, a, b, 100, exact: true));
    }

    [Fact]
    public void Equal_smas_of_different_lengths_on_flat_prices_compare_equal()
    {
        // Closes of 0.1: sma(close, 2) = 0.2/2 = 0.1 but sma(close, 3) = 0.30000000000000004/3 = 0.10000000000000002,
        // one ulp apart; exactly equal in exact arithmetic, so they compare equal.
        var b = new GraphOnBars([0.1, 0.1, 0.1, 0.1]);
        int fast = b.G.Function(NodeOp.Sma, b.Close, 2), slow = b.G.Function(NodeOp.Sma, b.Close, 3);
        Assert.NotEqual(b.Series(fast)[2], b.Series(slow)[2]);
        b.AssertBools(b.G.Operator(NodeOp.Greater, slow, fast), "slow > fast", null, null, false, false);
        b.AssertBools(b.G.Operator(NodeOp.Less, fast, slow), "fast < slow", null, null, false, false);
        b.AssertBools(b.G.Operator(NodeOp.Equal, fast, slow), "fast == slow", null, null, true, true);
        b.AssertBools(b.G.Operator(NodeOp.NotEqual, fast, slow), "fast != slow", null, null, false, false);
        b.AssertBools(b.G.Operator(NodeOp.GreaterOrEqual, fast, slow), "fast >= slow", null, null, true, true);
        b.AssertBools(b.G.Operator(NodeOp.LessOrEqual, slow, fast), "slow <= fast", null, null, true, true);
    }

    [Fact]
    public void The_close_of_each_bar_sets_epsilon_there()
    {
        // A fixed gap of 5e-7 between two constants is noise where the close is 1000 (ε = 1e-6)
        // and a difference where it is 100 (ε = 1e-7).
        var b = new GraphOnBars([100, 1000]);
        int gt = b.G.Operator(NodeOp.Greater, b.Num(1.0000005), b.Num(1));
        b.AssertBools(gt, "1.0000005 > 1", true, false);
    }

    [Fact]
    public void Two_ints_compare_exactly()
    {
        // bar + 1e9 against 1e9 at bar 1: a difference of 1 is ε = 1e-9 × 1e9 = 1 (not clearly greater) for nums,
        // but two ints compare exactly: 1e9 + 1 > 1e9.
        var b = new GraphOnBars([1, 1, 1]);
        int big = b.G.Operator(NodeOp.Add, b.Bar, b.Int(1_000_000_000));
        b.AssertBools(b.G.Operator(NodeOp.Greater, big, b.Int(1_000_000_000)), "int > int", false, true, true);
        b.AssertBools(b.G.Operator(NodeOp.Equal, big, b.Int(1_000_000_001)), "int == int", false, true, false);
        // An int against a num is a num comparison: clearly greater, so bar 1 is noise and bar 2 (difference 2) is not.
        b.AssertBools(b.G.Operator(NodeOp.Greater, big, b.Num(1e9)), "int > num", false, false, true);
    }

    [Fact]
    public void Two_bools_compare_exactly()
    {
        var b = new GraphOnBars([1, 2, 3]);
        int up = b.G.Operator(NodeOp.Greater, b.Close, b.Num(1.5));
        b.AssertBools(b.G.Operator(NodeOp.Equal, up, b.G.Bool(true)), "up == true", false, true, true);
        b.AssertBools(b.G.Operator(NodeOp.NotEqual, up, b.G.Bool(true)), "up != true", true, false, false);
    }

    [Fact]
    public void A_comparison_with_an_na_operand_is_na()
    {
        var b = new GraphOnBars([1, 2, 3]);
        b.AssertBools(b.G.Operator(NodeOp.Greater, b.Close, b.G.Lag(b.Close, 1)), "close > close[1]", null, true, true);
        b.AssertBools(b.G.Operator(NodeOp.Equal, b.Close, b.G.Operator(NodeOp.Divide, b.Close, b.Int(0))), "close == close/0", null, null, null);
    }

    [Fact]
    public void Crossover_counts_a_touch_followed_by_a_rise()
    {
        // close against 10: below, touch (not above), above → crossover at bar 2 only; then stays above, falls, rises.
        var b = new GraphOnBars([9, 10, 11, 12, 9, 11]);
        var level = new GraphOnBars.Node(b.Num(10));
        var close = new GraphOnBars.Node(b.Close);
        b.AssertBools(b.Call("crossover", close, level).Node, "crossover", null, false, true, false, false, true);
        b.AssertBools(b.Call("crossunder", close, level).Node, "crossunder", null, false, false, false, true, false);
    }

    [Fact]
    public void Crossover_ignores_a_rise_within_epsilon()
    {
        // 100 → 100.00000005 is a touch (ε = 1e-7), the rise to 101 the crossover.
        var b = new GraphOnBars([99, 100.00000005, 101]);
        b.AssertBools(b.Call("crossover", new GraphOnBars.Node(b.Close), new GraphOnBars.Node(b.Num(100))).Node, "crossover",
            null, false, true);
    }
}
