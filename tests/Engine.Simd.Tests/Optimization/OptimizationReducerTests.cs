using Backtest.Metrics;
using Backtest.Optimization;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class OptimizationReducerTests
{
    private static readonly string[] Symbols = ["A", "B", "C"];

    private static GridCombination Combination(int index) => new(index, GridPoint.S3(StrategyParameters.Default, new Dictionary<string, double> { ["threshold"] = index }));

    private static SymbolMetrics Sharpe(double sharpe, double totalReturn = 0) => new() { SharpeRatio = sharpe, TotalReturn = totalReturn };

    private static OptimizationReducer Reducer(string metric = "sharpe_ratio", bool perSymbol = false) =>
        new(Symbols, OptimizationMetric.Find(metric)!, perSymbol);

    [Fact]
    public void A_combination_reduces_to_the_mean_and_median_over_symbols_and_the_share_profitable()
    {
        var r = Reducer();
        r.Accept(Combination(0), [Sharpe(1, totalReturn: 5), Sharpe(2, totalReturn: -1), Sharpe(6, totalReturn: 0)]);
        var c = Assert.Single(r.Combinations);
        Assert.Equal(3, c.Mean);
        Assert.Equal(2, c.Median);
        Assert.Equal(100.0 / 3, c.ProfitablePct); // total_return > 0: A only
        Assert.Equal(3, c.Symbols);
    }

    [Fact]
    public void The_median_of_an_even_count_is_the_mean_of_the_two_middle_values() =>
        Assert.Equal(2.5, OptimizationReducer.Median(new double[] { 4, 1, 3, 2 }));

    [Fact]
    public void Higher_is_better_for_ratios_and_ties_go_to_the_earlier_combination_in_grid_order()
    {
        var r = Reducer();
        r.Accept(Combination(0), [Sharpe(1), Sharpe(1), Sharpe(1)]);
        r.Accept(Combination(1), [Sharpe(3), Sharpe(0), Sharpe(0)]); // mean 1: ties with 0, comes later
        r.Accept(Combination(2), [Sharpe(2), Sharpe(2), Sharpe(2)]);
        var ranked = r.Ranked();
        Assert.Equal([2, 0, 1], ranked.Select(c => c.Index));
        Assert.Equal([1, 2, 3], ranked.Select(c => c.Rank));
    }

    [Fact]
    public void Lower_is_better_for_drawdowns()
    {
        var r = Reducer("max_drawdown_pct");
        r.Accept(Combination(0), [new() { MaxDrawdownPct = 5 }, new() { MaxDrawdownPct = 5 }, new() { MaxDrawdownPct = 5 }]);
        r.Accept(Combination(1), [new() { MaxDrawdownPct = 1 }, new() { MaxDrawdownPct = 2 }, new() { MaxDrawdownPct = 3 }]);
        Assert.Equal([1, 0], r.Ranked().Select(c => c.Index));
        Assert.False(OptimizationMetric.Find("max_drawdown")!.HigherIsBetter);
        Assert.False(OptimizationMetric.Find("losing_trades")!.HigherIsBetter);
        Assert.All(OptimizationMetric.All.Where(m => m.Name is not ("max_drawdown" or "max_drawdown_pct" or "losing_trades")), m => Assert.True(m.HigherIsBetter, m.Name));
    }

    [Fact]
    public void A_null_profit_factor_is_left_out_of_the_mean_and_a_combination_without_any_ranks_last()
    {
        var r = Reducer("profit_factor");
        r.Accept(Combination(0), [new() { ProfitFactor = null }, new() { ProfitFactor = null }, new() { ProfitFactor = null }]);
        r.Accept(Combination(1), [new() { ProfitFactor = 0.5 }, new() { ProfitFactor = null }, new() { ProfitFactor = 1.5 }]);
        var ranked = r.Ranked();
        Assert.Equal([1, 0], ranked.Select(c => c.Index));
        Assert.Equal(1.0, ranked[0].Mean);
        Assert.Equal(2, ranked[0].Symbols);
        Assert.Null(ranked[1].Mean);
        Assert.Null(ranked[1].Median);
        Assert.Equal(0, ranked[1].Symbols);
    }

    [Fact]
    public void Each_symbol_keeps_its_own_best_combination_with_its_metrics()
    {
        var r = Reducer(perSymbol: true);
        var first = new[] { Sharpe(1), Sharpe(5), Sharpe(2) };
        r.Accept(Combination(0), first);
        r.Accept(Combination(1), [Sharpe(3), Sharpe(5), Sharpe(1)]); // B ties: combination 0 stays
        r.Accept(Combination(2), [Sharpe(2), Sharpe(4), Sharpe(9)]);
        var bests = r.SymbolBests!;
        Assert.Equal(["A", "B", "C"], bests.Select(b => b.Symbol));
        Assert.Equal([1, 0, 2], bests.Select(b => b.Combination.Index));
        Assert.Equal([3.0, 5.0, 9.0], bests.Select(b => b.Value!.Value));
        Assert.Same(first[1], bests[1].Metrics);
        Assert.Null(Reducer().SymbolBests);
    }

    [Fact]
    public void A_number_beats_a_null_for_a_symbol_and_a_null_never_replaces_a_number()
    {
        var r = new OptimizationReducer(["A"], OptimizationMetric.Find("profit_factor")!, bestPerSymbol: true);
        r.Accept(Combination(0), [new SymbolMetrics { ProfitFactor = null }]);
        r.Accept(Combination(1), [new SymbolMetrics { ProfitFactor = 0.1 }]);
        r.Accept(Combination(2), [new SymbolMetrics { ProfitFactor = null }]);
        Assert.Equal(1, r.SymbolBests![0].Combination.Index);
    }

    [Fact]
    public void The_reducer_keeps_values_not_the_evaluators_buffer()
    {
        // Bounded memory by design: the evaluator reuses one buffer per batch slot; the reducer must copy
        // what it needs out of it. Overwriting the buffer after Accept changes nothing reduced.
        var r = Reducer(perSymbol: true);
        var buffer = new[] { Sharpe(1), Sharpe(2), Sharpe(3) };
        r.Accept(Combination(0), buffer);
        buffer[0] = buffer[1] = buffer[2] = Sharpe(-100);
        r.Accept(Combination(1), buffer);
        Assert.Equal(2, r.Combinations[0].Mean);
        Assert.Equal(-100, r.Combinations[1].Mean);
        Assert.All(r.SymbolBests!, b => Assert.Equal(0, b.Combination.Index));
    }
}
