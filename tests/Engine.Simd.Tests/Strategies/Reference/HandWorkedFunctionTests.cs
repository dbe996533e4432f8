using Backtest.Strategies.Graph;
using Xunit;

namespace Backtest.Tests.Strategies.Reference;

/// <summary>§5's functions on a few bars, worked by hand from strategies.md's definitions (no fixture needed).</summary>
public class HandWorkedFunctionTests
{
    private const double Na = double.NaN;

    [Fact]
    public void Wma_weighs_the_newest_bar_n()
    {
        // wma([1, 2, 3], 3) = (1·1 + 2·2 + 3·3)/6 = 14/6; then (1·2 + 2·3 + 3·7)/6 = 29/6.
        var b = new GraphOnBars([1, 2, 3, 7]);
        b.AssertSeries(b.G.Function(NodeOp.Wma, b.Close, 3), "wma", Na, Na, 14.0 / 6, 29.0 / 6);
    }

    [Fact]
    public void Stdev_is_the_population_one()
    {
        // 2 4 4 4 5 5 7 9: mean 5, squared deviations sum to 32, 32/8 = 4 → 2 (the sample one would be 2.138).
        var b = new GraphOnBars([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(2, b.Series(b.G.Function(NodeOp.Stdev, b.Close, 8))[7], 12);
    }

    [Fact]
    public void Sum_highest_and_lowest_of_ints_are_ints()
    {
        var b = new GraphOnBars([0, 0, 0, 0]);
        foreach (var (op, expected) in new[] { (NodeOp.Sum, new[] { Na, Na, 3, 6 }), (NodeOp.Highest, [Na, Na, 2, 3]), (NodeOp.Lowest, [Na, Na, 0, 1]) })
        {
            int node = b.G.Function(op, b.Bar, 3);
            Assert.Equal(ValueKind.Int, b.G[node].Kind);
            b.AssertSeries(node, $"{op}(bar, 3)", expected);
        }
    }

    [Fact]
    public void Roc_is_the_percent_change_over_n_bars_and_na_after_a_zero()
    {
        // roc(x, 1): 100·(x − x[1])/x[1]: bar 1: 100·(5 − 4)/4 = 25; bar 2: x[1] = 5 → −100; bar 3: x[1] = 0 → na.
        var b = new GraphOnBars([4, 5, 0, 3]);
        b.AssertSeries(b.Call("roc", new GraphOnBars.Node(b.Close), 1).Node, "roc", Na, 25, -100, Na);
    }

    [Fact]
    public void True_range_takes_the_gap_from_the_previous_close_and_atr_is_seeded_with_the_mean_of_the_first_n()
    {
        // bar 1: max(12 − 11, |12 − 10|, |11 − 10|) = 2; bar 2: gap down, max(9 − 7, |9 − 11.5|, |7 − 11.5|) = 4.5;
        // bar 3: max(3, |10 − 8|, |7 − 8|) = 3. atr(2): seed at bar 2 = (2 + 4.5)/2 = 3.25; bar 3: (3.25 + 3)/2 = 3.125.
        var b = new GraphOnBars(close: [10, 11.5, 8, 9], high: [10.5, 12, 9, 10], low: [9.5, 11, 7, 7]);
        b.AssertSeries(b.Call("tr").Node, "tr", Na, 2, 4.5, 3);
        b.AssertSeries(b.Call("atr", 2).Node, "atr", Na, Na, 3.25, 3.125);
    }

    [Fact]
    public void Obv_is_0_at_bar_0_and_adds_or_subtracts_volume_as_the_close_moves_exactly()
    {
        // 0; rises +20; rises +30; falls −40; flat; rises by one ulp (exact comparison) +60.
        var b = new GraphOnBars(close: [10, 11, 12, 9, 9, 9.000000000000002], volume: [100, 20, 30, 40, 50, 60]);
        b.AssertSeries(b.Call("obv").Node, "obv", 0, 20, 50, 10, 10, 70);
    }

    [Fact]
    public void Donchian_is_the_channel_of_the_n_bars_before_this_one()
    {
        // n = 2 at bar 2: highs of bars 0, 1 = 11, 13 → 13; lows 9, 8 → 8; mid 10.5. Bar 2's own high 20 is not in it.
        var b = new GraphOnBars(close: [10, 12, 15, 14], high: [11, 13, 20, 15], low: [9, 8, 14, 13]);
        var channel = b.Call("donchian", 2).Fields!;
        b.AssertSeries(channel["upper"], "upper", Na, Na, 13, 20);
        b.AssertSeries(channel["lower"], "lower", Na, Na, 8, 8);
        b.AssertSeries(channel["mid"], "mid", Na, Na, 10.5, 14);
    }

    [Fact]
    public void Macd_signal_is_an_ema_of_the_line_seeded_on_its_first_g_values()
    {
        // macd(x, 1, 2, 2): ema(x, 1) = x; ema(x, 2) seeded at bar 1 with mean(x0, x1), α = 2/3.
        // x = 1 3 6 6: ema2 = _, 2, (6 − 2)·2/3 + 2 = 14/3, (6 − 14/3)·2/3 + 14/3 = 50/9.
        // line = _, 1, 4/3, 4/9; signal from bar s+g−2 = 2: mean(1, 4/3) = 7/6, then (4/9 − 7/6)·2/3 + 7/6 = 37/54.
        var b = new GraphOnBars([1, 3, 6, 6]);
        var macd = b.Call("macd", new GraphOnBars.Node(b.Close), 1, 2, 2).Fields!;
        b.AssertSeries(macd["line"], "line", Na, 1, 4.0 / 3, 4.0 / 9);
        b.AssertSeries(macd["signal"], "signal", Na, Na, 7.0 / 6, 37.0 / 54);
        b.AssertSeries(macd["hist"], "hist", Na, Na, 4.0 / 3 - 7.0 / 6, 4.0 / 9 - 37.0 / 54);
    }

    [Fact]
    public void Keltner_first_bar_is_the_later_of_its_ema_and_atr()
    {
        var b = new GraphOnBars([1, 2, 3, 4, 5]);
        var channel = b.Call("keltner", 2, 2.0, 3).Fields!;
        Assert.Equal(3, b.G[channel["upper"]].FirstBar);
        Assert.True(double.IsNaN(b.Series(channel["upper"])[2]));
        Assert.False(double.IsNaN(b.Series(channel["upper"])[3]));
    }
}
