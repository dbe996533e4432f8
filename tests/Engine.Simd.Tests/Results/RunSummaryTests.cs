using Backtest.Results;
using Xunit;

namespace Backtest.Tests.Results;

public class RunSummaryTests
{
    private static SymbolReport S(string symbol, double returnPct) =>
        new(TestReports.Series(symbol, 3), TestReports.WithReturn(symbol, 3, returnPct));

    [Fact]
    public void Median_of_an_odd_count_is_the_middle_return()
    {
        var s = RunSummary.From([S("A", 7), S("B", -3), S("C", 1)]);
        Assert.Equal(1, s.MedianReturnPct);
        Assert.Equal(5.0 / 3.0, s.AverageReturnPct, 15);
        Assert.Equal(7, s.BestReturnPct);
        Assert.Equal(-3, s.WorstReturnPct);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_two_middle_returns()
    {
        var s = RunSummary.From([S("A", 10), S("B", -4), S("C", 2), S("D", 3)]);
        Assert.Equal(2.5, s.MedianReturnPct);
        Assert.Equal(2.75, s.AverageReturnPct);
    }

    [Fact]
    public void Profitable_counts_strictly_positive_total_returns()
    {
        var s = RunSummary.From([S("A", 1), S("B", 0), S("C", -1), S("D", 0.5)]);
        Assert.Equal(4, s.Symbols);
        Assert.Equal(2, s.Profitable);
        Assert.Equal(50, s.ProfitablePct);
    }

    [Fact]
    public void Top_is_best_first_bottom_worst_first_and_ties_go_by_symbol()
    {
        var s = RunSummary.From([S("D", 1), S("B", 5), S("A", 1), S("C", -2), S("E", 5)]);
        Assert.Equal(["B", "E", "A", "D", "C"], s.Top.Select(e => e.Symbol));
        Assert.Equal(["C", "A", "D", "B", "E"], s.Bottom.Select(e => e.Symbol));
    }

    [Fact]
    public void Top_and_bottom_hold_ten_each()
    {
        var symbols = Enumerable.Range(0, 25).Select(i => S($"S{i:D2}", i)).ToArray();
        var s = RunSummary.From(symbols);
        Assert.Equal(Enumerable.Range(15, 10).Reverse().Select(i => $"S{i:D2}"), s.Top.Select(e => e.Symbol));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"S{i:D2}"), s.Bottom.Select(e => e.Symbol));
    }

    [Fact]
    public void No_symbols_gives_zeros_and_empty_lists()
    {
        var s = RunSummary.From([]);
        Assert.Equal(0, s.Symbols);
        Assert.Equal(0, s.MedianReturnPct);
        Assert.Empty(s.Top);
        Assert.Empty(s.Bottom);
    }
}
