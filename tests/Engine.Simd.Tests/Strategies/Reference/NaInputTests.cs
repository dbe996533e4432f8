using Backtest.Strategies.Graph;
using Xunit;

namespace Backtest.Tests.Strategies.Reference;

/// <summary>
/// na in the middle of a series (strategies.md §3, §5), worked by hand: windows are na while they hold it, recursive
/// functions keep their state through it, seeds count defined inputs only.
/// </summary>
public class NaInputTests
{
    private const double Na = double.NaN;

    private static readonly double[] Closes = [10, 11, 12, 9, 9, 15, 14];

    /// <summary>x = close + 0/(bar − 2): the close, except na at bar 2 (0/0), with first bar 0.</summary>
    private static (GraphOnBars Bars, int X) WithNaAtBar2()
    {
        var b = new GraphOnBars(Closes);
        int divisor = b.G.Operator(NodeOp.Subtract, b.Bar, b.Int(2));
        int x = b.G.Operator(NodeOp.Add, b.Close, b.G.Operator(NodeOp.Divide, b.Int(0), divisor));
        return (b, x);
    }

    [Fact]
    public void Division_by_zero_is_na_at_that_bar_only()
    {
        var (b, x) = WithNaAtBar2();
        b.AssertSeries(x, "x", 10, 11, Na, 9, 9, 15, 14);
    }

    [Fact]
    public void Sma_is_na_while_its_window_holds_the_na()
    {
        var (b, x) = WithNaAtBar2();
        b.AssertSeries(b.G.Function(NodeOp.Sma, x, 2), "sma(x, 2)", Na, 10.5, Na, Na, 9, 12, 14.5);
    }

    [Fact]
    public void Window_functions_are_na_while_their_window_holds_the_na()
    {
        var (b, x) = WithNaAtBar2();
        foreach (var op in new[] { NodeOp.Wma, NodeOp.Stdev, NodeOp.Sum, NodeOp.Highest, NodeOp.Lowest })
        {
            var series = b.Series(b.G.Function(op, x, 2));
            for (int k = 0; k < Closes.Length; k++)
                Assert.True(double.IsNaN(series[k]) == k is 0 or 2 or 3, $"{op}(x, 2)[{k}] = {series[k]:R}");
        }
    }

    [Fact]
    public void Ema_keeps_its_state_through_the_na()
    {
        // α = 2/3, seeded at bar 1 with mean(10, 11) = 10.5; bar 2 na, state kept; bar 3: (9 − 10.5)·2/3 + 10.5 = 9.5;
        // bar 4: (9 − 9.5)·2/3 + 9.5 = 9.1666…; bar 5: 13.0555…; bar 6: 13.6851….
        var (b, x) = WithNaAtBar2();
        b.AssertSeries(b.G.Function(NodeOp.Ema, x, 2), "ema(x, 2)",
            Na, 10.5, Na, 9.5, 9.166666666666666, 13.055555555555555, 13.685185185185185);
    }

    [Fact]
    public void Rma_keeps_its_state_through_the_na()
    {
        // Seeded at bar 1 with 10.5; bar 3: (10.5 + 9)/2 = 9.75; bar 4: 9.375; bar 5: 12.1875; bar 6: 13.09375.
        var (b, x) = WithNaAtBar2();
        b.AssertSeries(b.G.Function(NodeOp.Rma, x, 2), "rma(x, 2)", Na, 10.5, Na, 9.75, 9.375, 12.1875, 13.09375);
    }

    [Fact]
    public void Ema_seed_counts_defined_inputs_only_even_across_an_na()
    {
        // ema(x, 3): the first three defined inputs are bars 0, 1, 3 → seed mean(10, 11, 9) = 10 at bar 3; α = 0.5:
        // bar 4: 9.5; bar 5: 12.25; bar 6: 13.125.
        var (b, x) = WithNaAtBar2();
        b.AssertSeries(b.G.Function(NodeOp.Ema, x, 3), "ema(x, 3)", Na, Na, Na, 10, 9.5, 12.25, 13.125);
    }

    [Fact]
    public void Ema_of_a_series_whose_first_three_bars_are_na_is_seeded_on_the_three_after()
    {
        // x = close + 0/max(bar − 2, 0): na at bars 0..2 while its static first bar is 0, so only the seed's count of
        // defined inputs puts the first ema at bar 5: mean(9, 9, 15) = 11; bar 6: (14 − 11)·0.5 + 11 = 12.5.
        var b = new GraphOnBars(Closes);
        int divisor = b.G.Operator(NodeOp.Max, b.G.Operator(NodeOp.Subtract, b.Bar, b.Int(2)), b.Int(0));
        int x = b.G.Operator(NodeOp.Add, b.Close, b.G.Operator(NodeOp.Divide, b.Int(0), divisor));
        Assert.Equal(0, b.G[x].FirstBar);
        b.AssertSeries(b.G.Function(NodeOp.Ema, x, 3), "ema(x, 3)", Na, Na, Na, Na, Na, 11, 12.5);

        // close[3] is na at bars 0..2 statically: the same seed, and the first bar says so.
        int lagged = b.G.Lag(b.Close, 3);
        int ema = b.G.Function(NodeOp.Ema, lagged, 3);
        Assert.Equal(5, b.G[ema].FirstBar);
        // close[3] = _, _, _, 10, 11, 12, 9 → seed mean(10, 11, 12) = 11 at bar 5; bar 6: (9 − 11)·0.5 + 11 = 10.
        b.AssertSeries(ema, "ema(close[3], 3)", Na, Na, Na, Na, Na, 11, 10);
    }

    [Fact]
    public void Rsi_skips_na_differences_and_seeds_on_the_first_n_defined()
    {
        // d = x − x[1]: bar 1: +1; bars 2 and 3: na (x[2] is na); bar 4: 0; bar 5: +6; bar 6: −1.
        // Seed on bars 1 and 4: AG = 0.5, AL = 0 → 100 at bar 4; bar 5: AG = (0.5 + 6)/2 = 3.25 → 100;
        // bar 6: AG = 1.625, AL = 0.5 → 100·1.625/2.125.
        var (b, x) = WithNaAtBar2();
        b.AssertSeries(b.G.Function(NodeOp.Rsi, x, 2), "rsi(x, 2)", Na, Na, Na, Na, 100, 100, 100 * 1.625 / 2.125);
    }

    [Fact]
    public void Lag_is_na_for_the_first_n_bars_and_carries_an_na_forward()
    {
        var (b, x) = WithNaAtBar2();
        b.AssertSeries(b.G.Lag(x, 1), "x[1]", Na, 10, 11, Na, 9, 9, 15);
        b.AssertSeries(b.G.Lag(b.Close, 2), "close[2]", Na, Na, 10, 11, 12, 9, 9);
    }

    [Fact]
    public void Nz_replaces_na_but_not_before_its_first_bar()
    {
        var (b, x) = WithNaAtBar2();
        b.AssertSeries(b.G.Operator(NodeOp.Nz, x, b.Int(0)), "nz(x, 0)", 10, 11, 0, 9, 9, 15, 14);
        // nz(x[1], sma(close, 3)) starts at the later of its operands' first bars, 2 (strategies.md §3: "for nz(x, v) too").
        int sma = b.G.Function(NodeOp.Sma, b.Close, 3);
        b.AssertSeries(b.G.Operator(NodeOp.Nz, b.G.Lag(x, 1), sma), "nz(x[1], sma(close, 3))", Na, Na, 11, 32.0 / 3, 9, 9, 15);
    }
}
