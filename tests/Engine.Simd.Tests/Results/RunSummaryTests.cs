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
        // Ranked: B 5, E 5, A 1, D 1, C -2. Five symbols: the better three on top, the other two at the bottom.
        var s = RunSummary.From([S("D", 1), S("B", 5), S("A", 1), S("C", -2), S("E", 5)]);
        Assert.Equal(["B", "E", "A"], s.Top.Select(e => e.Symbol));
        Assert.Equal(["C", "D"], s.Bottom.Select(e => e.Symbol));
    }

    [Fact]
    public void Under_twenty_symbols_the_ranking_is_split_so_no_symbol_is_in_both_lists()
    {
        // 15 symbols S00..S14 returning 0..14 %: the best 8 (S14..S07) on top, the worst 7 (S00..S06) at the bottom.
        var s = RunSummary.From(Enumerable.Range(0, 15).Select(i => S($"S{i:D2}", i)).ToArray());
        Assert.Equal(Enumerable.Range(7, 8).Reverse().Select(i => $"S{i:D2}"), s.Top.Select(e => e.Symbol));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"S{i:D2}"), s.Bottom.Select(e => e.Symbol));
    }

    [Fact]
    public void Symbols_tied_across_the_split_appear_once()
    {
        // Every return equal: ranked by symbol, A B on top, C at the bottom (not A, which is on top already).
        var s = RunSummary.From([S("C", 1), S("A", 1), S("B", 1)]);
        Assert.Equal(["A", "B"], s.Top.Select(e => e.Symbol));
        Assert.Equal(["C"], s.Bottom.Select(e => e.Symbol));
    }

    [Fact]
    public void One_symbol_is_on_top_only()
    {
        var s = RunSummary.From([S("A", -1)]);
        Assert.Equal(["A"], s.Top.Select(e => e.Symbol));
        Assert.Empty(s.Bottom);
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
