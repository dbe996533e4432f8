using Backtest.Metal.Host;
using Backtest.Simulation;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Metal.Tests.Host;

public sealed class DoubleFloatTests
{
    [Theory]
    [InlineData(100_000)]
    [InlineData(0.05)]
    [InlineData(1e-9)]
    [InlineData(1.0002)]
    [InlineData(123_456.789)]
    [InlineData(-0.9998)]
    public void A_split_double_joins_back_to_within_double_float_precision(double value)
    {
        var d = DoubleFloat.From(value);
        Assert.Equal((float)value, d.Hi);
        Assert.True(Math.Abs(d.Value - value) <= Math.Abs(value) * 1e-14, $"{value:R} became {d.Value:R}");
        Assert.True(Math.Abs(d.Lo) <= Math.Abs(d.Hi) * 6e-8);
    }

    [Fact]
    public void Floats_split_exactly() => Assert.Equal(new DoubleFloat(0.5f, 0), DoubleFloat.From(0.5));
}

public sealed class KernelParamsTests
{
    [Fact]
    public void Defaults_pack_as_the_simd_f32_kernel_derives_them()
    {
        var k = KernelParams.From(S3Settings.Default.ToRun());
        Assert.Equal(49, k.Warmup);
        Assert.Equal(1f / 20, k.InvFast);
        Assert.Equal((float)(-1.0 / 50), k.NegInvSlow);
        Assert.Equal((float)(1 - 2.0 / 13), k.KeepFast);
        Assert.Equal((float)(2.0 / 10), k.AlphaSignal);
        Assert.Equal((float)(30 - 1e-7), k.RsiLowBound);
        Assert.Equal(1e-9f, k.PriceEpsilon);
        Assert.Equal(7, k.EntryMinScore);
        Assert.Equal(-7, k.ExitMaxScore);
        Assert.Equal(0u, k.FillAtClose);
        Assert.Equal(0u, k.UseStop + k.UseTarget + k.UseTime);
        Assert.Equal(1.0, k.FeeFixed.Value);
        Assert.Equal(OrderMath.SizingEpsilon, k.SizingEpsilon.Value, 1e-22);
    }

    [Fact]
    public void Money_and_switches_follow_the_parameters()
    {
        var k = KernelParams.From(new S3Settings
        {
            Execution = new() { Fill = FillMode.Close, SlippageBps = 2, FeeBps = 5, StopLossPct = 0.5, TakeProfitPct = 0.8, MaxHoldBars = 30, PositionSize = 0.25 },
        }.ToRun());
        Assert.Equal(1u, k.FillAtClose);
        Assert.Equal(1u, k.UseStop);
        Assert.Equal(1u, k.UseTarget);
        Assert.Equal(1u, k.UseTime);
        Assert.Equal(30, k.MaxHoldBars);
        Assert.Equal(1.0002, k.BuyFactor.Value, 1e-14);
        Assert.Equal(0.9998, k.SellFactor.Value, 1e-14);
        Assert.Equal(0.0005, k.FeeRate.Value, 1e-18);
        Assert.Equal(1.0005, k.SizingDivisor.Value, 1e-14);
        Assert.Equal(0.995, k.StopFactor.Value, 1e-14);
        Assert.Equal(1.008, k.TargetFactor.Value, 1e-14);
        Assert.Equal(0.25, k.PositionSize.Value);
    }

    [Fact]
    public void A_huge_threshold_is_clamped_just_past_the_largest_score()
    {
        // s3's file bounds the threshold by 10^6: far past the largest score all the same.
        var k = KernelParams.From(new S3Settings { Threshold = 1e6 }.ToRun());
        Assert.Equal(13, k.EntryMinScore); // 3 + 4 + 3 + 2 = 12
        Assert.Equal(-13, k.ExitMaxScore);
    }

    [Fact]
    public void Flat_rsi_scores_only_where_a_bound_is_crossed_at_50()
    {
        Assert.Equal(0u, KernelParams.From(S3Settings.Default.ToRun()).FlatRsiScores);
        var crossed = KernelParams.From(new S3Settings { RsiLow = 60, RsiHigh = 40 }.ToRun());
        Assert.Equal(1u, crossed.FlatRsiScores);
        Assert.Equal(4, crossed.FlatRsiPoints);
    }

}

public sealed class KernelThreadStateTests
{
    [Fact]
    public void An_opened_account_holds_the_capital_and_starts_at_the_warmup()
    {
        var s = KernelThreadState.Open(100_000, lastBar: 999, warmup: 49);
        Assert.Equal(49, s.NextBar);
        Assert.Equal(999, s.LastBar);
        Assert.Equal(100_000, s.Cash.Value);
        Assert.Equal(s.Cash, s.EquityBefore);
        Assert.Equal(s.Cash, s.Peak);
        Assert.Equal(-1, s.EntryBar);
        Assert.Equal(-1, s.PendingDecisionBar);
        Assert.Equal(DoubleFloat.Zero, s.Shares);
        Assert.Equal(0u, s.Trades);
    }
}
