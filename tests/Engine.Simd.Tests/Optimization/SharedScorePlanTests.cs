using Backtest.Fused;
using Backtest.Optimization;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class SharedScorePlanTests
{
    private const long Mask = 1000;

    private static StrategyParameters[] Cube()
    {
        // sma-fast 4..40 x bb-k 1.5..2.4 x rsi-period 8..26: issue 5's grid, 10 of each, MACD fixed; W = 49 throughout.
        var sets = new List<StrategyParameters>();
        for (int f = 0; f < 10; f++)
            for (int b = 0; b < 10; b++)
                for (int r = 0; r < 10; r++)
                    sets.Add(StrategyParameters.Default with { SmaFast = 4 + 4 * f, BbK = Math.Round(1.5 + 0.1 * b, 1), RsiPeriod = 8 + 2 * r });
        return [.. sets];
    }

    /// <summary>Checks the plan's invariants and returns which key each mask offset holds.</summary>
    private static Dictionary<long, (ScorePartKey Key, int Mask)> CheckConsistent(IReadOnlyList<StrategyParameters> sets, SharedScorePlan plan)
    {
        var written = new Dictionary<long, (ScorePartKey Key, int Mask)>();
        var seen = new HashSet<int>();
        foreach (int i in plan.Order)
        {
            Assert.True(seen.Add(i), $"set {i} is run twice");
            var keys = ScorePartKey.Of(sets[i]);
            (ScorePartKey, int)[] masks = [(keys[0], 0), (keys[1], 0), (keys[1], 1), (keys[2], 0), (keys[2], 1), (keys[3], 0)];
            switch (plan.Passes[i])
            {
                case ChunkPass.Fused:
                    Assert.Null(plan.Offsets[i]);
                    break;
                case ChunkPass.Recording:
                    for (int m = 0; m < 6; m++)
                    {
                        long at = plan.Offsets[i][m];
                        if (at < 0) continue;
                        Assert.InRange(at, 0, plan.Bytes - Mask);
                        Assert.True(written.TryAdd(at, masks[m]), $"offset {at} is recorded twice");
                    }
                    break;
                default:
                    // A walker reads only masks recorded, earlier in the order, for exactly its own keys.
                    for (int m = 0; m < 6; m++)
                    {
                        Assert.True(written.TryGetValue(plan.Offsets[i][m], out var held), $"set {i} reads mask {m} before it is recorded");
                        Assert.Equal(masks[m], held);
                    }
                    break;
            }
        }
        Assert.Equal(sets.Count, seen.Count);
        return written;
    }

    [Fact]
    public void Ten_values_on_each_of_three_parts_record_on_ten_sets_and_the_other_990_walk()
    {
        var sets = Cube();
        var plan = SharedScorePlan.Build(sets, Mask, capacity: 1L << 30);
        CheckConsistent(sets, plan);
        Assert.Equal(10, plan.Passes.Count(p => p == ChunkPass.Recording));
        Assert.Equal(990, plan.Passes.Count(p => p == ChunkPass.OnParts));
        // 10 trend + 10 RSI x 2 + 10 bands x 2 + 1 MACD masks.
        Assert.Equal(51 * Mask, plan.Bytes);
    }

    [Fact]
    public void Sets_differing_only_in_weights_threshold_fills_fees_or_stops_share_every_part()
    {
        var d = StrategyParameters.Default;
        StrategyParameters[] sets =
        [
            d, d with { WTrend = 0, WRsi = 5 }, d with { Threshold = 1 }, d with { Fill = FillMode.Close }, d with { FeeBps = 3, SlippageBps = 2 },
            d with { StopLossPct = 1, TakeProfitPct = 2, MaxHoldBars = 30 }, d with { PositionSize = 0.5, Capital = 10_000 },
        ];
        var plan = SharedScorePlan.Build(sets, Mask, capacity: 1L << 30);
        CheckConsistent(sets, plan);
        Assert.Equal([ChunkPass.Recording, .. Enumerable.Repeat(ChunkPass.OnParts, 6)], plan.Passes);
    }

    [Fact]
    public void The_same_periods_under_another_warm_up_are_not_shared()
    {
        // A MACD signal of 30 makes W = 26 + 30 - 2 = 54 instead of 49: the window sums restart at another bar, so
        // the SMA and band comparisons may round differently and are recorded again.
        var d = StrategyParameters.Default;
        StrategyParameters[] sets = [d, d with { MacdSignal = 30 }, d with { Threshold = 2, MacdSignal = 30 }];
        var plan = SharedScorePlan.Build(sets, Mask, capacity: 1L << 30);
        CheckConsistent(sets, plan);
        Assert.Equal([ChunkPass.Fused, ChunkPass.Recording, ChunkPass.OnParts], plan.Passes);
    }

    [Fact]
    public void Past_the_capacity_sets_run_the_fused_kernel()
    {
        var sets = Cube();
        var none = SharedScorePlan.Build(sets, Mask, capacity: 0);
        Assert.All(none.Passes, p => Assert.Equal(ChunkPass.Fused, p));
        Assert.Equal(0, none.Bytes);

        // Room for one set's six masks and the next set's RSI: sets after the first that need other parts run fused.
        var some = SharedScorePlan.Build(sets, Mask, capacity: 8 * Mask);
        CheckConsistent(sets, some);
        Assert.InRange(some.Bytes, 6 * Mask, 8 * Mask);
        Assert.Contains(ChunkPass.OnParts, some.Passes);
        Assert.Contains(ChunkPass.Fused, some.Passes);
    }
}
