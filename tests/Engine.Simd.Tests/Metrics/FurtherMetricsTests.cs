using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Metrics;

/// <summary>The further metrics of semantics 2.0 §5 on small hand-worked curves and trade lists, with their null cases.</summary>
public class FurtherMetricsTests
{
    private const long YearMs = (long)(365.25 * 86_400_000);

    private static SymbolMetrics Compute(
        double[] equity, IReadOnlyList<Trade>? trades = null, double capital = 100, double periodsPerYear = 252, SeriesSpan span = default) =>
        PerformanceMetrics.Compute(equity, trades ?? [], 0, capital, periodsPerYear, span);

    private static Trade T(int entryBar, int exitBar, double pnl, TradeSide side = TradeSide.Long) =>
        new(entryBar, exitBar, 10, 10, 1, pnl, pnl / 10, ExitReason.Signal, side);

    [Fact]
    public void Buy_and_hold_is_the_change_from_the_first_to_the_last_close()
    {
        // 100·(65/50 − 1) = 30.
        var m = Compute([100, 100], span: new SeriesSpan(50, 65, 0, 86_400_000));
        Near.Equal(30, m.BuyHoldReturnPct, "buy_hold_return_pct");
    }

    [Fact]
    public void Cagr_compounds_over_the_years_between_the_first_and_last_timestamp_and_calmar_divides_it_by_the_drawdown()
    {
        // 2 years, 100 → 121: 100·(1.21^(1/2) − 1) = 10. Drawdown 100 → 90 = 10%: calmar = 10/10 = 1.
        var m = Compute([100, 90, 121], span: new SeriesSpan(1, 1, 1_000, 1_000 + 2 * YearMs));
        Assert.NotNull(m.CagrPct);
        Near.Equal(10, m.CagrPct!.Value, "cagr_pct");
        Near.Equal(10, m.MaxDrawdownPct, "max_drawdown_pct");
        Assert.NotNull(m.CalmarRatio);
        Near.Equal(1, m.CalmarRatio!.Value, "calmar_ratio");
    }

    [Fact]
    public void Cagr_is_null_without_a_time_span_or_with_a_final_value_at_or_below_zero_and_calmar_with_it()
    {
        var sameInstant = Compute([100, 90, 121], span: new SeriesSpan(1, 1, 5_000, 5_000));
        Assert.Null(sameInstant.CagrPct);
        Assert.Null(sameInstant.CalmarRatio);

        var ruined = Compute([100, 50, 0], span: new SeriesSpan(1, 1, 0, YearMs));
        Assert.Null(ruined.CagrPct);
        Assert.Null(ruined.CalmarRatio);

        var negative = Compute([100, 50, -5], span: new SeriesSpan(1, 1, 0, YearMs));
        Assert.Null(negative.CagrPct);
    }

    [Fact]
    public void Cagr_is_null_when_it_overflows()
    {
        // 10× in about 3 seconds: 10^(1e7) is not finite.
        var m = Compute([100, 1000], span: new SeriesSpan(1, 1, 0, 3_000));
        Assert.Null(m.CagrPct);
    }

    [Fact]
    public void Calmar_is_null_without_a_drawdown()
    {
        // 100 → 121 in 2 years, never below the peak: cagr 10, max_drawdown_pct 0.
        var m = Compute([100, 110, 121], span: new SeriesSpan(1, 1, 0, 2 * YearMs));
        Assert.NotNull(m.CagrPct);
        Assert.Null(m.CalmarRatio);
        Assert.Equal(0, m.MaxDrawdownBars);
    }

    [Fact]
    public void Volatility_is_the_population_std_of_the_returns_annualised_in_percent()
    {
        // equity 100 110 99 99 120 → r = 0.1, −0.1, 0, 7/33: population std 0.1159165 (see PerformanceMetricsTests).
        // 100·0.11591651788·√252 = 184.0117675.
        var m = Compute([100, 110, 99, 99, 120]);
        Near.Equal(184.01176750010418, m.VolatilityAnnPct, "volatility_ann_pct");
        Near.Equal(11.591651788445553, Compute([100, 110, 99, 99, 120], periodsPerYear: 1).VolatilityAnnPct, "volatility_ann_pct, P = 1");
    }

    [Theory]
    [InlineData(new double[] { 100, 110 })]
    [InlineData(new double[] { 100 })]
    public void Volatility_is_zero_with_fewer_than_two_returns(double[] equity) =>
        Assert.Equal(0, Compute(equity).VolatilityAnnPct);

    [Fact]
    public void Max_drawdown_bars_is_the_longest_run_below_the_running_peak()
    {
        // peaks 100 110 110 110 120 120 120 120 125: below at bars 2, 3 (run 2), bar 4 a new peak, below at
        // bars 5, 6, 7 (run 3), bar 8 a new peak. Longest: 3.
        var m = Compute([100, 110, 99, 99, 120, 119, 100, 119.5, 125]);
        Assert.Equal(3, m.MaxDrawdownBars);

        // Equal to the peak is not below it: 100 90 100 90 → two runs of 1.
        Assert.Equal(1, Compute([100, 90, 100, 90]).MaxDrawdownBars);
        Assert.Equal(0, Compute([100, 100, 100]).MaxDrawdownBars);
    }

    [Fact]
    public void Trade_pnl_and_bar_statistics_and_sqn_are_worked_by_hand()
    {
        // pnl 30, −10, 20, 0: mean 10; deviations 20, −20, 10, −10 → sd = √(1000/3) = 18.2574186;
        // sqn = √4·10/18.2574186 = 1.0954451. Bars 3, 1, 7, 0 → mean 2.75, max 7. One short.
        Trade[] trades = [T(0, 3, 30), T(5, 6, -10, TradeSide.Short), T(10, 17, 20), T(20, 20, 0)];
        var m = Compute([100, 100], trades);
        Near.Equal(10, m.AvgTradePnl, "avg_trade_pnl");
        Assert.NotNull(m.Sqn);
        Near.Equal(1.0954451150103321, m.Sqn!.Value, "sqn");
        Near.Equal(2.75, m.AvgTradeBars, "avg_trade_bars");
        Assert.Equal(7, m.MaxTradeBars);
        Assert.Equal(3, m.LongTrades);
        Assert.Equal(1, m.ShortTrades);
    }

    [Fact]
    public void Sqn_is_null_with_one_trade_or_pnl_without_spread_and_trade_statistics_are_zero_without_trades()
    {
        Assert.Null(Compute([100, 100], [T(0, 2, 5)]).Sqn);
        Assert.Null(Compute([100, 100], [T(0, 2, 5), T(3, 4, 5)]).Sqn);

        var none = Compute([100, 100]);
        Assert.Null(none.Sqn);
        Assert.Equal(0, none.AvgTradePnl);
        Assert.Equal(0, none.AvgTradeBars);
        Assert.Equal(0, none.MaxTradeBars);
        Assert.Equal(0, none.LongTrades);
        Assert.Equal(0, none.ShortTrades);
    }

    [Fact]
    public void The_sums_path_of_the_simd_engine_gives_the_same_volatility()
    {
        // r = 0.1, −0.1, 0, 7/33 as one-pass sums.
        double[] r = [0.1, -0.1, 0, 7.0 / 33];
        var sums = new ReturnSums(4, r.Sum(), r.Sum(x => x * x), r.Sum(x => Math.Min(x, 0) * Math.Min(x, 0)));
        Near.Equal(184.01176750010418, sums.Ratios(252).VolatilityAnnPct, "volatility_ann_pct from sums");
    }
}
