using Backtest.Strategies.Graph;
using Xunit;

namespace Backtest.Tests.Strategies.Reference;

/// <summary>Functions on windows that do not move (strategies.md §5): the rules for a zero range, worked by hand.</summary>
public class ZeroRangeTests
{
    private const double Na = double.NaN;

    private static readonly double[] Flat = [5, 5, 5, 5, 5];

    [Fact]
    public void Stoch_is_0_where_highest_equals_lowest()
    {
        var b = new GraphOnBars(Flat);
        var stoch = b.Call("stoch", 3, 1, 1).Fields!;
        // raw from bar n−1 = 2; k = sma(raw, 1) from n+f−2 = 2; d from n+f+g−3 = 2.
        b.AssertSeries(stoch["k"], "stoch.k", Na, Na, 0, 0, 0);
        b.AssertSeries(stoch["d"], "stoch.d", Na, Na, 0, 0, 0);
    }

    [Fact]
    public void Stoch_is_0_on_a_zero_range_bar_between_moving_ones()
    {
        // n = 1: highest = high, lowest = low of the bar itself. Bar 1 has high = low: raw 0, not na.
        var b = new GraphOnBars(close: [10, 7, 12], high: [12, 7, 12], low: [8, 7, 9]);
        int raw = b.Call("stoch", 1, 1, 1).Fields!["k"];
        b.AssertSeries(raw, "raw %K", 50, 0, 100);
    }

    [Fact]
    public void Willr_is_minus_100_where_the_range_is_0()
    {
        var b = new GraphOnBars(Flat);
        b.AssertSeries(b.Call("willr", 3).Node, "willr flat", Na, Na, -100, -100, -100);
    }

    [Fact]
    public void Willr_is_minus_100_times_the_distance_below_the_high()
    {
        // n = 2 at bar 1: highest high 12, lowest low 8, close 11 → −100·(12 − 11)/4 = −25.
        var b = new GraphOnBars(close: [10, 11], high: [12, 11.5], low: [8, 9]);
        b.AssertSeries(b.Call("willr", 2).Node, "willr", Na, -25);
    }

    [Fact]
    public void Cci_is_na_on_a_flat_window()
    {
        var b = new GraphOnBars(Flat);
        b.AssertSeries(b.Call("cci", 2).Node, "cci flat", Na, Na, Na, Na, Na);
    }

    [Fact]
    public void Cci_is_na_where_the_mean_deviation_is_rounding_noise()
    {
        // Typical prices equal in exact arithmetic: ((0.3 + 0.1) + 0.2)/3 = 0.6000000000000001/3 and ((0.3 + 0.2) + 0.1)/3
        // = 0.6/3 differ by one ulp, so the mean deviation is about 1e-17: not > 0 by §4's rule (ε = 1e-9 × close).
        // Stock.Indicators, which only tests for 0, gives ±66.7 there.
        var b = new GraphOnBars(close: [0.2, 0.1, 0.2], high: [0.3, 0.3, 0.3], low: [0.1, 0.2, 0.1]);
        b.AssertSeries(b.Call("cci", 2).Node, "cci noise", Na, Na, Na);
    }

    [Fact]
    public void Cci_is_a_value_where_the_window_moves()
    {
        // n = 2, tp = close (high = low = close): tp 10, 12 → mean 11, mean deviation 1 → (12 − 11)/(0.015·1) = 66.67.
        var b = new GraphOnBars([10, 12]);
        b.AssertSeries(b.Call("cci", 2).Node, "cci", Na, 1 / 0.015);
    }

    [Fact]
    public void Rsi_is_50_on_flat_prices()
    {
        var b = new GraphOnBars(Flat);
        b.AssertSeries(b.Call("rsi", new GraphOnBars.Node(b.Close), 2).Node, "rsi flat", Na, Na, 50, 50, 50);
    }

    [Fact]
    public void Rsi_leaves_50_once_prices_move()
    {
        // d = _, 0, 0, +2: seed at bar 2 (AG = AL = 0 → 50); bar 3: AG = (0 + 2)/2 = 1, AL = 0 → 100.
        var b = new GraphOnBars([5, 5, 5, 7]);
        b.AssertSeries(b.Call("rsi", new GraphOnBars.Node(b.Close), 2).Node, "rsi", Na, Na, 50, 100);
    }

    [Fact]
    public void Stdev_of_a_flat_window_is_0_and_bands_collapse_on_the_mid()
    {
        var b = new GraphOnBars(Flat);
        var bands = b.Call("bollinger", new GraphOnBars.Node(b.Close), 3, 2.0).Fields!;
        b.AssertSeries(bands["upper"], "upper", Na, Na, 5, 5, 5);
        b.AssertSeries(bands["lower"], "lower", Na, Na, 5, 5, 5);
        b.AssertSeries(b.G.Function(NodeOp.Stdev, b.Close, 3), "stdev", Na, Na, 0, 0, 0);
    }
}
