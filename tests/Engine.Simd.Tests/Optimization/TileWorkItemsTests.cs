using Backtest.Optimization;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class TileWorkItemsTests
{
    /// <summary>Issue 5's grid in f64: 100 symbols are 13 tiles of 8 lanes; two workers.</summary>
    [Fact]
    public void Thirteen_tiles_on_two_workers_keep_twelve_whole_and_halve_the_last()
    {
        var items = TileWorkItems.Plan(13, 1000, 2);
        Assert.Equal(14, items.Length);
        Assert.All(items.Take(12), (item, t) => Assert.Equal(new TileWorkItem(t, 0, 1000), item));
        Assert.Equal(new TileWorkItem(12, 0, 500), items[12]);
        Assert.Equal(new TileWorkItem(12, 500, 500), items[13]);
    }

    [Fact]
    public void Tiles_that_divide_evenly_stay_whole()
    {
        var items = TileWorkItems.Plan(16, 1000, 2);
        Assert.Equal(16, items.Length);
        Assert.All(items, item => Assert.Equal((0, 1000), (item.First, item.Count)));
    }

    /// <summary>In f32 the same 100 symbols are 7 tiles of 16 lanes: two pieces each make 14 items, 7 per worker.</summary>
    [Fact]
    public void Few_tiles_are_cut_into_pieces_in_a_multiple_of_the_workers()
    {
        var items = TileWorkItems.Plan(7, 1000, 2);
        Assert.Equal(14, items.Length);
        Assert.All(items, item => Assert.Equal(500, item.Count));

        // 3 tiles: 3 pieces each would make 9 items, odd; 4 make 12.
        var three = TileWorkItems.Plan(3, 1000, 2);
        Assert.Equal(12, three.Length);
        Assert.Equal(new[] { 0, 250, 500, 750 }, three.Where(i => i.Tile == 0).Select(i => i.First));
    }

    [Fact]
    public void A_small_batch_is_not_cut_below_the_minimum_piece()
    {
        Assert.Equal(new[] { new TileWorkItem(0, 0, 10) }, TileWorkItems.Plan(1, 10, 2));
        var items = TileWorkItems.Plan(1, 100, 4);
        Assert.Equal(3, items.Length);
        Assert.All(items, item => Assert.True(item.Count >= TileWorkItems.MinimumPiece));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 4096, 2)]
    [InlineData(5, 37, 2)]
    [InlineData(9, 1000, 2)]
    [InlineData(13, 999, 3)]
    [InlineData(125, 4096, 2)]
    [InlineData(7, 64, 8)]
    public void Every_combination_runs_once_on_every_tile(int tiles, int combinations, int workers)
    {
        var items = TileWorkItems.Plan(tiles, combinations, workers);
        var runs = new int[tiles, combinations];
        foreach (var item in items)
        {
            Assert.InRange(item.Count, 1, combinations);
            for (int c = item.First; c < item.First + item.Count; c++) runs[item.Tile, c]++;
        }
        for (int t = 0; t < tiles; t++)
            for (int c = 0; c < combinations; c++)
                Assert.Equal(1, runs[t, c]);
    }
}
