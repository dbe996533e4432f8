using Backtest.Fused.Graph;
using Xunit;

namespace Backtest.Tests.Lanes;

/// <summary>
/// The rule bits the node walk stores per bar and the event pass reads back per lane: a lane's word against its bars
/// read one by one, at every lane count a width gives (1, 2, 4, 8, 16), and the extraction without BMI2 against pext.
/// </summary>
public unsafe class RuleBitsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void A_lanes_word_holds_its_bars_and_its_any_bit_says_whether_it_has_one(int lanes)
    {
        var random = new Random(lanes);
        byte* rows = stackalloc byte[RuleBits.Size(lanes)];
        var held = new bool[RuleBits.Rules, RuleBits.Bars, lanes];
        for (int rule = 0; rule < RuleBits.Rules; rule++)
            for (int bar = 0; bar < RuleBits.Bars; bar++)
            {
                ulong laneBits = 0;
                for (int lane = 0; lane < lanes; lane++)
                {
                    // Rule 3 holds for lane 0 only, so that some lanes have no bit at all.
                    bool holds = rule == 3 ? lane == 0 && bar == 63 : random.Next(3) == 0;
                    held[rule, bar, lane] = holds;
                    if (holds) laneBits |= 1UL << lane;
                }
                RuleBits.Store(RuleBits.At(rows, rule, bar, lanes), laneBits, lanes);
            }

        for (int rule = 0; rule < RuleBits.Rules; rule++)
        {
            ulong any = RuleBits.AnyLanes(rows, rule, lanes);
            for (int lane = 0; lane < lanes; lane++)
            {
                ulong word = RuleBits.Word(rows, rule, lane, lanes);
                for (int bar = 0; bar < RuleBits.Bars; bar++)
                {
                    Assert.Equal(held[rule, bar, lane], ((word >> bar) & 1) != 0);
                    Assert.Equal(held[rule, bar, lane], RuleBits.Holds(rows, rule, bar, lane, lanes));
                }
                Assert.Equal(word != 0, ((any >> lane) & 1) != 0);
            }
            Assert.Equal(0UL, any >> lanes);
        }
    }

    [Fact]
    public void The_extraction_without_bmi2_is_pexts()
    {
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            ulong value = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40), mask = (ulong)random.NextInt64() & (ulong)random.NextInt64();
            ulong expected = 0;
            for (int bit = 0, at = 0; bit < 64; bit++)
                if (((mask >> bit) & 1) != 0) expected |= ((value >> bit) & 1) << at++;
            Assert.Equal(expected, RuleBits.Extract(value, mask));
            Assert.Equal(expected, RuleBits.ExtractWithoutBmi2(value, mask));
        }
    }

    [Theory]
    [InlineData(0, 63, ulong.MaxValue)]
    [InlineData(-5, 0, 1UL)]
    [InlineData(63, 200, 1UL << 63)]
    [InlineData(3, 2, 0UL)]
    [InlineData(64, 70, 0UL)]
    [InlineData(-9, -1, 0UL)]
    [InlineData(4, 7, 0xF0UL)]
    public void A_range_of_bars_is_its_bits_within_the_stretch(int low, int high, ulong bits) =>
        Assert.Equal(bits, RuleBits.Range(low, high));
}
