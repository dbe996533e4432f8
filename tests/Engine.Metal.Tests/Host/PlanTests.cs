using Backtest.Metal.Host;
using Xunit;

namespace Backtest.Metal.Tests.Host;

public sealed class TimeChunkTests
{
    [Fact]
    public void Chunks_cover_the_bars_in_order_without_gaps_or_overlap()
    {
        var chunks = TimeChunk.Plan(49, 1000, threads: 10, chunkBars: 300);
        Assert.Equal([new TimeChunk(49, 349), new TimeChunk(349, 649), new TimeChunk(649, 949), new TimeChunk(949, 1001)], chunks);
    }

    [Fact]
    public void Chunk_length_keeps_thread_bars_within_the_budget()
    {
        var chunks = TimeChunk.Plan(0, 99_999, threads: 1000, threadBarsPerChunk: 1_000_000);
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(1000, c.Bars));
        Assert.Equal(100, chunks.Count);
    }

    [Fact]
    public void Chunk_length_stays_between_the_bounds()
    {
        Assert.Equal(TimeChunk.MinBars, TimeChunk.Plan(0, 10_000, threads: 10_000_000)[0].Bars);
        Assert.Equal(TimeChunk.MaxBars, TimeChunk.Plan(0, 1_000_000, threads: 1)[0].Bars);
    }

    [Fact]
    public void Nothing_to_run_gives_no_chunks()
    {
        Assert.Empty(TimeChunk.Plan(49, 48, threads: 10));
        Assert.Empty(TimeChunk.Plan(0, 100, threads: 0));
        Assert.Single(TimeChunk.Plan(5, 5, threads: 1));
    }

    [Fact]
    public void A_chunk_of_no_bars_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeChunk.Plan(0, 10, 1, chunkBars: 0));
}

public sealed class ThreadgroupPlanTests
{
    [Theory]
    [InlineData(1000, 32, 1024, 256, 4)]
    [InlineData(1, 32, 1024, 32, 1)]
    [InlineData(33, 32, 1024, 64, 1)]
    [InlineData(100_000, 32, 1024, 256, 391)]
    [InlineData(1000, 32, 96, 96, 11)]
    [InlineData(1000, 32, 100, 96, 11)]
    [InlineData(1000, 32, 16, 16, 63)]
    [InlineData(0, 32, 1024, 32, 0)]
    public void Groups_are_whole_simd_groups_within_the_pipelines_limit(int threads, int width, int max, int expectedSize, int expectedGroups)
    {
        var plan = ThreadgroupPlan.For(threads, width, max);
        Assert.Equal(expectedSize, plan.ThreadsPerGroup);
        Assert.Equal(expectedGroups, plan.Groups);
        Assert.True(plan.GridThreads >= threads);
        Assert.True(plan.GridThreads - threads < plan.ThreadsPerGroup);
        Assert.True(plan.ThreadsPerGroup <= max);
        if (max >= width) Assert.Equal(0, plan.ThreadsPerGroup % width);
    }

    [Fact]
    public void Nonsense_limits_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadgroupPlan.For(10, 0, 1024));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadgroupPlan.For(10, 32, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThreadgroupPlan.For(-1, 32, 1024));
    }
}

public sealed class TradeCapacityTests
{
    [Fact]
    public void Longer_series_get_more_slots_up_to_the_cap()
    {
        Assert.Equal(TradeCapacity.MinSlots, TradeCapacity.For(0, 1));
        Assert.True(TradeCapacity.For(23_400, 500) > TradeCapacity.For(2_500, 500));
        Assert.Equal(TradeCapacity.MaxSlots, TradeCapacity.For(100_000_000, 1));
    }

    [Fact]
    public void The_trade_buffer_stays_within_its_budget_but_every_thread_has_a_slot()
    {
        int slots = TradeCapacity.For(1_000_000, 100_000);
        Assert.True((long)slots * 100_000 * System.Runtime.CompilerServices.Unsafe.SizeOf<TradeRecord>() <= TradeCapacity.MaxBufferBytes);
        Assert.Equal(1, TradeCapacity.For(1_000_000, 100_000_000));
    }
}
