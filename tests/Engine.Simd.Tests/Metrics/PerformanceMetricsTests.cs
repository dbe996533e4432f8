using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Metrics;

/// <summary>Spec §5 metrics on hand-worked equity curves and trade lists.</summary>
public class PerformanceMetricsTests
{
    private static readonly Trade[] NoTrades = [];

    private static Trade T(double exit, double pnl, double returnPct) =>
        new(0, 1, 10, exit, 100, pnl, returnPct, ExitReason.Signal);

    private static SymbolMetrics Compute(
        double[] equity, IReadOnlyList<Trade>? trades = null, int barsInMarket = 0, double capital = 100, double periodsPerYear = 252, SeriesSpan span = default) =>
        PerformanceMetrics.Compute(equity, trades ?? NoTrades, barsInMarket, capital, periodsPerYear, span);

    [Fact]
    public void Returns_sharpe_and_sortino_of_a_small_curve_are_worked_by_hand()
    {
        // equity 100 110 99 99 120 → r = 0.1, −0.1, 0, 21/99 = 7/33.
        // mean = (7/33)/4 = 7/132 = 0.0530303; population var = mean(r²) − mean² = 0.0162489 − 0.0028122 = 0.0134366,
        // std = 0.1159165 → Sharpe = 0.0530303/0.1159165·√252 = 0.457487·15.874508 = 7.262381.
        // downside = √(mean(min(r,0)²)) = √(0.01/4) = 0.05 → Sortino = (7/132)/0.05·√252 = 1.0606061·15.874508 = 16.836599.
        var m = Compute([100, 110, 99, 99, 120]);
        Near.Equal(7.262381392879565, m.SharpeRatio, "sharpe");
        Near.Equal(16.83659925222923, m.SortinoRatio, "sortino");
        Near.Equal(120, m.FinalValue, "final_value");
        Near.Equal(20, m.TotalReturn, "total_return");
        Near.Equal(20, m.TotalReturnPct, "total_return_pct");
        Near.Equal(11, m.MaxDrawdown, "max_drawdown");          // peak 110 → 99
        Near.Equal(10, m.MaxDrawdownPct, "max_drawdown_pct");   // 11/110
        Near.Equal(252, m.PeriodsPerYear, "periods_per_year");
    }

    [Fact]
    public void Ratios_scale_with_the_square_root_of_the_periods_per_year()
    {
        // Same curve with P = 1: Sharpe = 0.457487, Sortino = 140/132 = 1.0606061.
        var m = Compute([100, 110, 99, 99, 120], periodsPerYear: 1);
        Near.Equal(0.457487025991957, m.SharpeRatio, "sharpe");
        Near.Equal(1.0606060606060606, m.SortinoRatio, "sortino");
        Near.Equal(1, m.PeriodsPerYear, "periods_per_year");
    }

    [Fact]
    public void Absolute_and_percentage_drawdowns_are_maximised_separately()
    {
        // 100 50 1000 800 900: the deepest fall in money is 1000 → 800 = 200 (20%),
        // the deepest in percent is 100 → 50 = 50%.
        var m = Compute([100, 50, 1000, 800, 900]);
        Near.Equal(200, m.MaxDrawdown, "max_drawdown");
        Near.Equal(50, m.MaxDrawdownPct, "max_drawdown_pct");
    }

    [Fact]
    public void A_return_after_a_non_positive_equity_is_zero_and_the_drawdown_can_pass_100_percent()
    {
        // 100 50 −10 20 30 → r = −0.5, −1.2, 0 (previous equity −10 ≤ 0), 0.5. mean = −0.3.
        // var = (0.04 + 0.81 + 0.09 + 0.64)/4 = 0.395, std = 0.6284903 → Sharpe = −0.3/0.6284903·√252 = −7.5774482.
        // downside = √((0.25 + 1.44)/4) = 0.65 → Sortino = −0.3/0.65·√252 = −7.3266959.
        // drawdown 100 → −10 = 110 = 110%.
        var m = Compute([100, 50, -10, 20, 30]);
        Near.Equal(-7.577448219485722, m.SharpeRatio, "sharpe");
        Near.Equal(-7.326695938332712, m.SortinoRatio, "sortino");
        Near.Equal(110, m.MaxDrawdown, "max_drawdown");
        Near.Equal(110, m.MaxDrawdownPct, "max_drawdown_pct");
        Near.Equal(-70, m.TotalReturn, "total_return");
        Near.Equal(-70, m.TotalReturnPct, "total_return_pct");
    }

    [Fact]
    public void Zero_standard_deviation_gives_sharpe_and_sortino_zero()
    {
        // 100 200 400 → r = 1, 1: std 0 and no downside → both 0 (not infinite).
        var m = Compute([100, 200, 400]);
        Assert.Equal(0, m.SharpeRatio);
        Assert.Equal(0, m.SortinoRatio);
    }

    [Fact]
    public void A_flat_curve_has_no_drawdown_and_zero_ratios()
    {
        var m = Compute([100, 100, 100, 100]);
        Assert.Equal(0, m.SharpeRatio);
        Assert.Equal(0, m.SortinoRatio);
        Assert.Equal(0, m.MaxDrawdown);
        Assert.Equal(0, m.MaxDrawdownPct);
        Assert.Equal(0, m.TotalReturn);
    }

    [Theory]
    [InlineData(new double[] { 100, 110 })]
    [InlineData(new double[] { 100, 90 })]
    [InlineData(new double[] { 100 })]
    public void Fewer_than_two_returns_give_sharpe_and_sortino_zero(double[] equity)
    {
        var m = Compute(equity);
        Assert.Equal(0, m.SharpeRatio);
        Assert.Equal(0, m.SortinoRatio);
    }

    [Fact]
    public void Trade_statistics_count_wins_losses_and_a_zero_pnl_trade_as_neither()
    {
        // pnl 30 (3%), −10 (−1%), 20 (2%), 0 (0%): 2 winners, 1 loser, 4 trades.
        // win_rate = 100·2/4 = 50; avg = (3 − 1 + 2 + 0)/4 = 1; best 3; worst −1; profit factor = 50/10 = 5.
        Trade[] trades = [T(10.3, 30, 3), T(9.9, -10, -1), T(10.2, 20, 2), T(10, 0, 0)];
        var m = Compute([100, 100, 100, 100, 100], trades);
        Assert.Equal(4, m.Trades);
        Assert.Equal(2, m.WinningTrades);
        Assert.Equal(1, m.LosingTrades);
        Near.Equal(50, m.WinRate, "win_rate");
        Near.Equal(1, m.AvgTradeReturnPct, "avg_trade_return_pct");
        Near.Equal(3, m.BestTradePct, "best_trade_pct");
        Near.Equal(-1, m.WorstTradePct, "worst_trade_pct");
        Assert.NotNull(m.ProfitFactor);
        Near.Equal(5, m.ProfitFactor!.Value, "profit_factor");
    }

    [Fact]
    public void Profit_factor_is_null_when_every_trade_won()
    {
        var m = Compute([100, 100, 100], [T(10.3, 30, 3), T(10.2, 20, 2)]);
        Assert.Null(m.ProfitFactor);
        Near.Equal(100, m.WinRate, "win_rate");
        Near.Equal(2.5, m.AvgTradeReturnPct, "avg_trade_return_pct");
    }

    [Fact]
    public void Profit_factor_is_zero_when_every_trade_lost()
    {
        // Σ winning pnl = 0 over |Σ losing pnl| = 30 → 0 (a trade lost, so not null).
        var m = Compute([100, 100, 100], [T(9.9, -10, -1), T(9.8, -20, -2)]);
        Assert.NotNull(m.ProfitFactor);
        Assert.Equal(0, m.ProfitFactor!.Value);
        Near.Equal(0, m.WinRate, "win_rate");
        Near.Equal(-1, m.BestTradePct, "best_trade_pct");
        Near.Equal(-2, m.WorstTradePct, "worst_trade_pct");
    }

    [Fact]
    public void Without_trades_the_trade_statistics_are_zero_and_profit_factor_is_null()
    {
        var m = Compute([100, 100, 100]);
        Assert.Equal(0, m.Trades);
        Assert.Equal(0, m.WinningTrades);
        Assert.Equal(0, m.LosingTrades);
        Assert.Equal(0, m.WinRate);
        Assert.Equal(0, m.AvgTradeReturnPct);
        Assert.Equal(0, m.BestTradePct);
        Assert.Equal(0, m.WorstTradePct);
        Assert.Null(m.ProfitFactor);
        Assert.Equal(0, m.ExposurePct);
    }

    [Fact]
    public void Exposure_is_bars_in_the_market_over_all_bars()
    {
        // 2 of 5 bars → 40%.
        var m = Compute([100, 100, 100, 100, 100], barsInMarket: 2);
        Near.Equal(40, m.ExposurePct, "exposure_pct");
    }

    [Fact]
    public void Total_return_is_measured_against_the_capital_argument()
    {
        // capital 1000, final 1250 → 250, 25%.
        var m = Compute([1000, 1100, 1250], capital: 1000);
        Near.Equal(1250, m.FinalValue, "final_value");
        Near.Equal(250, m.TotalReturn, "total_return");
        Near.Equal(25, m.TotalReturnPct, "total_return_pct");
    }
}
