using System.Globalization;
using System.Text;
using Backtest.Data;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>The fast decimal parser gives exactly what double.Parse gives.</summary>
public class DecimalParserTests
{
    [Theory]
    [InlineData("67.7142")]
    [InlineData("158168416")]
    [InlineData("0.00000001293")]
    [InlineData("-263.16")]
    [InlineData("+5")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("-0")]
    [InlineData("1.228057E+08")]
    [InlineData("123456789012345678")]
    [InlineData("0.1234567890123456789")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    public void Parses_like_double_parse(string text)
    {
        Assert.True(Utf8.TryParse(text, out double fast));
        Assert.Equal(BitConverter.DoubleToInt64Bits(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)), BitConverter.DoubleToInt64Bits(fast));
    }

    [Theory]
    [InlineData("")]
    [InlineData("-")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("12a")]
    public void Rejects_what_double_parse_rejects(string text)
    {
        Assert.False(Utf8.TryParse(text, out _));
    }

    [Fact]
    public void Random_decimals_are_bit_identical_to_double_parse()
    {
        var random = new Random(20240102);
        for (int n = 0; n < 200_000; n++)
        {
            int intDigits = random.Next(0, 10), fracDigits = random.Next(0, 12);
            var sb = new StringBuilder();
            if (random.Next(10) == 0) sb.Append('-');
            for (int k = 0; k < intDigits; k++) sb.Append((char)('0' + random.Next(10)));
            if (fracDigits > 0 || intDigits == 0) sb.Append('.');
            for (int k = 0; k < Math.Max(fracDigits, intDigits == 0 ? 1 : 0); k++) sb.Append((char)('0' + random.Next(10)));
            string text = sb.ToString();

            Assert.True(Utf8.TryParse(text, out double fast), text);
            double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(fast), text);
        }
    }

    private static class Utf8
    {
        public static bool TryParse(string text, out double value) => DecimalParser.TryParse(Encoding.UTF8.GetBytes(text), out value);
    }
}
