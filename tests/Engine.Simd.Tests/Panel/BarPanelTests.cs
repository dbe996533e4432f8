using Backtest.Data;
using Backtest.Panel;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Panel;

/// <summary>The panel's layout: bar-major rows of whole cache lines, lanes longest first, padding, price scales.</summary>
public class BarPanelTests
{
    private static List<BarSeries> Ragged() =>
    [
        RandomBars.Series("SHORT", 5, 1),
        RandomBars.Series("LONG", 12, 2),
        RandomBars.Series("EMPTY", 0, 3),
        RandomBars.Series("MID", 9, 4),
        RandomBars.Series("LONG2", 12, 5),
    ];

    [Fact]
    public void Element_k_s_is_at_k_times_stride_plus_s_lanes_longest_first()
    {
        var series = Ragged();
        using var panel = BarPanel<double>.FromSeries(series);
        Assert.Equal(5, panel.Symbols);
        Assert.Equal(12, panel.Bars);
        Assert.Equal(8, panel.Stride); // 5 lanes of f64 round up to one 64-byte line
        Assert.Equal(["LONG", "LONG2", "MID", "SHORT", "EMPTY"], panel.SymbolNames);
        Assert.Equal([1, 4, 3, 0, 2], panel.SourceIndex.ToArray());
        Assert.Equal([12, 12, 9, 5, 0], panel.Lengths.ToArray());
        unsafe
        {
            var close = (double*)panel.Block(PanelField.Close).Pointer;
            for (int lane = 0; lane < panel.Symbols; lane++)
            {
                var s = series[panel.SourceIndex[lane]];
                for (int k = 0; k < s.Count; k++)
                {
                    Assert.Equal(s.Close[k], close[k * panel.Stride + lane]);
                    Assert.Equal(s.Close[k], panel.Close[k, lane]);
                    Assert.Equal(s.Open[k], panel.Open[k, lane]);
                    Assert.Equal(s.High[k], panel.High[k, lane]);
                    Assert.Equal(s.Low[k], panel.Low[k, lane]);
                }
                // Past the series, and in the extra row after the longest, every field repeats the last close.
                double pad = s.Count > 0 ? s.Close[^1] : 1;
                for (int k = s.Count; k <= panel.Bars; k++)
                    Assert.Equal(pad, close[k * panel.Stride + lane]);
            }
        }
    }

    [Theory]
    [InlineData(1, 8, 16)]
    [InlineData(16, 16, 16)]
    [InlineData(17, 24, 32)]
    [InlineData(1000, 1000, 1008)]
    public void Rows_are_whole_cache_lines(int symbols, int f64Stride, int f32Stride)
    {
        Assert.Equal(f64Stride, BarPanel<double>.StrideFor(symbols));
        Assert.Equal(f32Stride, BarPanel<float>.StrideFor(symbols));
    }

    [Fact]
    public void Blocks_are_page_aligned_whole_pages()
    {
        using var panel = BarPanel<float>.FromSeries(Ragged());
        foreach (var field in Enum.GetValues<PanelField>())
        {
            var block = panel.Block(field);
            unsafe { Assert.Equal(0, (long)block.Pointer % NativeBlock.PageSize); }
            Assert.Equal(0, block.Length % NativeBlock.PageSize);
        }
    }

    [Fact]
    public void F32_panels_store_decimal_prices_exactly_with_a_power_of_ten()
    {
        var cents = Bars.Daily((10.01, 10.07, 9.99, 10.05), (10.05, 10.11, 10.02, 10.1));
        var whole = Bars.Daily((101, 105, 100, 104), (104, 104, 99, 100));
        var irrational = Bars.Daily((Math.PI, Math.PI + 1, Math.E, Math.PI), (Math.PI, Math.PI, Math.E, Math.E));
        using var panel = BarPanel<float>.FromSeries([cents, whole, irrational]);
        Assert.Equal([100, 1, 1], panel.PriceScales.ToArray());
        Assert.Equal([true, true, false], panel.ExactPrices.ToArray());
        Assert.Equal(1001f, panel.Open[0, 0]);
        Assert.Equal(10.05, panel.Close[0, 0] / panel.PriceScales[0]);
        Assert.Equal((float)Math.PI, panel.Close[0, 2]);
        using var f64 = BarPanel<double>.FromSeries([cents]);
        Assert.Equal(1, f64.PriceScales[0]);
        Assert.True(f64.ExactPrices[0]);
    }

    [Fact]
    public void Prices_too_large_for_f32_integers_keep_scale_1_and_are_marked_inexact()
    {
        // 200,000.01 in cents is 20,000,001, past 2^24: f32 cannot hold it exactly.
        var big = Bars.Daily((200_000.01, 200_000.5, 199_999.5, 200_000.01));
        Assert.Equal((1.0, false), PriceScale.ForF32(big));
        // A high of 200,000.5 fits f32 in tenths (2,000,005) but not in the cents a later low of 1.01 needs (20,000,050).
        var mixed = Bars.Daily((1.5, 200_000.5, 1.5, 1.5), (1.5, 1.5, 1.01, 1.5));
        Assert.Equal((1.0, false), PriceScale.ForF32(mixed));
        var tenths = Bars.Daily((1.5, 200_000.5, 1.5, 1.5), (1.5, 1.5, 1.1, 1.5));
        Assert.Equal((10.0, true), PriceScale.ForF32(tenths));
        Assert.True(PriceScale.IsExact(123.45, 100));
        Assert.False(PriceScale.IsExact(123.456, 100));
    }

    [Fact]
    public void A_series_longer_than_the_panel_is_refused()
    {
        var s = RandomBars.Series("X", 10, 1);
        Assert.Throws<AggregateException>(() => BarPanel<double>.Build(1, 5, _ => s));
    }
}
