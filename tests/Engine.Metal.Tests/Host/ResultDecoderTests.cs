using Backtest.Metal.Host;
using Backtest.Simulation;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Metal.Tests.Host;

public sealed class ResultDecoderTests
{
    private static TradeRecord Record(int entry, int exit, double entryPrice, double exitPrice, long shares, double pnl, ExitReason reason) => new()
    {
        EntryBar = entry,
        ExitBar = exit,
        EntryPrice = DoubleFloat.From(entryPrice),
        ExitPrice = DoubleFloat.From(exitPrice),
        Shares = DoubleFloat.From(shares),
        Pnl = DoubleFloat.From(pnl),
        Reason = (uint)reason,
    };

    [Fact]
    public void A_state_and_its_trades_decode_to_the_metrics_of_spec_5()
    {
        var state = KernelThreadState.Open(100_000, 99, 49);
        state.Cash = DoubleFloat.From(100_010);
        state.Trades = 2;
        state.SumReturns = DoubleFloat.From(1e-4);
        state.SumSquares = DoubleFloat.From(2e-6);
        state.SumDownside = DoubleFloat.From(5e-7);
        state.MaxDrawdown = DoubleFloat.From(12.5);
        state.MaxDrawdownRatio = 1.25e-4f;
        state.BarsInMarket = 20;
        TradeRecord[] slots = [Record(50, 60, 100, 101, 50, 48, ExitReason.Signal), Record(70, 99, 102, 101.5, 49, -26.5, ExitReason.End), default];

        var r = ResultDecoder.Decode(state, slots, StrategyParameters.Default, "AAA", 100, 98_280);

        Assert.Equal("AAA", r.Symbol);
        Assert.Equal(100, r.Bars);
        Assert.Equal(2, r.Trades.Count);
        Assert.Equal(new Trade(50, 60, 100, 101, 50, 48, 100 * 48 / (50 * 100.0), ExitReason.Signal), r.Trades[0]);
        Assert.Equal(ExitReason.End, r.Trades[1].Reason);
        Assert.Equal(100_010, r.Metrics.FinalValue);
        Assert.Equal(10, r.Metrics.TotalReturn, 1e-9);
        Assert.Equal(1, r.Metrics.WinningTrades);
        Assert.Equal(12.5, r.Metrics.MaxDrawdown);
        Assert.Equal(100.0 * 1.25e-4f, r.Metrics.MaxDrawdownPct, 1e-12);
        Assert.Equal(20.0, r.Metrics.ExposurePct);
        Assert.Equal(98_280, r.Metrics.PeriodsPerYear);
        Assert.True(r.Metrics.SharpeRatio > 0);
    }

    [Fact]
    public void Without_a_trade_the_final_value_is_the_capital_exactly()
    {
        var p = new StrategyParameters { Capital = 123_456.789 };
        var r = ResultDecoder.Decode(KernelThreadState.Open(p.Capital, 10, 49), [], p, "S", 11, 252);
        Assert.Equal(p.Capital, r.Metrics.FinalValue);
        Assert.Empty(r.Trades);
        Assert.Null(r.Metrics.ProfitFactor);
    }

    [Fact]
    public void A_given_periods_per_year_wins_over_the_inferred_one()
    {
        var p = new StrategyParameters { PeriodsPerYear = 252 };
        Assert.Equal(252, ResultDecoder.Decode(KernelThreadState.Open(1000, 10, 49), [], p, "S", 11, 98_280).Metrics.PeriodsPerYear);
    }

    [Fact]
    public void More_trades_than_slots_or_an_open_position_are_errors_not_silent_losses()
    {
        var state = KernelThreadState.Open(1000, 10, 49);
        state.Trades = 3;
        Assert.Throws<ArgumentException>(() => ResultDecoder.Decode(state, new TradeRecord[2], StrategyParameters.Default, "S", 11, 252));
        state.Trades = 0;
        state.Shares = DoubleFloat.From(5);
        Assert.Throws<InvalidOperationException>(() => ResultDecoder.Decode(state, [], StrategyParameters.Default, "S", 11, 252));
    }

    [Fact]
    public void An_unknown_exit_reason_is_an_error()
    {
        var bad = Record(1, 2, 10, 11, 1, 1, ExitReason.Signal);
        bad.Reason = 9;
        Assert.Throws<InvalidOperationException>(() => bad.ToTrade());
    }
}
