using Backtest.Data.Gaps;
using Xunit;

namespace Backtest.Tests.Gaps;

public class DurationTextTests
{
    [Theory]
    [InlineData("4d", 4 * 86_400_000L)]
    [InlineData("36h", 36 * 3_600_000L)]
    [InlineData("90m", 90 * 60_000L)]
    [InlineData("30s", 30_000L)]
    [InlineData("500ms", 500L)]
    [InlineData("1.5d", 129_600_000L)]
    [InlineData(" 2D ", 2 * 86_400_000L)]
    [InlineData("36525d", DurationText.MaxMs)]
    public void Reads_a_number_and_a_unit(string text, long expectedMs)
    {
        Assert.True(DurationText.TryParse(text, out long ms));
        Assert.Equal(expectedMs, ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("d")]
    [InlineData("four days")]
    [InlineData("-4d")]
    [InlineData("0d")]
    [InlineData("0.1ms")]
    [InlineData("4w")]
    [InlineData("1e3d")]
    [InlineData("36526d")]
    [InlineData("99999999999999999999d")]
    public void Refuses_what_is_not_a_positive_duration_up_to_a_century(string text) =>
        Assert.False(DurationText.TryParse(text, out _));

    [Theory]
    [InlineData(4 * 86_400_000L, "4d")]
    [InlineData(36 * 3_600_000L, "36h")]
    [InlineData(90 * 60_000L, "90m")]
    [InlineData(30_000L, "30s")]
    [InlineData(1_500L, "1500ms")]
    public void Formats_with_the_largest_unit_that_divides(long ms, string expected) =>
        Assert.Equal(expected, DurationText.Format(ms));
}
