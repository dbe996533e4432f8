using Backtest.Data;
using Backtest.Engines;
using Xunit;

using Backtest.Tests.Support;

namespace Backtest.Tests.Vectors;

/// <summary>
/// Spec §1: a symbol's results do not depend on which other symbols share the run or their order.
/// Compared exactly (bit-for-bit metrics, identical trade lists).
/// </summary>
public class DeterminismTests
{
    private static SymbolResult Only(BarSeries s, S3Settings p) =>
        Assert.Single(new ReferenceEngine().Run([s], p, Precision.F64, TestContext.Current.CancellationToken));

    private static void AssertSame(SymbolResult expected, SymbolResult actual, string context)
    {
        Assert.Equal(expected.Symbol, actual.Symbol);
        Assert.Equal(expected.Bars, actual.Bars);
        Assert.True(expected.Metrics == actual.Metrics, $"{context}: {actual.Symbol} metrics differ:\n{expected.Metrics}\n{actual.Metrics}");
        Assert.True(expected.Trades.SequenceEqual(actual.Trades), $"{context}: {actual.Symbol} trades differ");
    }

    [Theory]
    [InlineData("daily-close-fill-stops")]
    [InlineData("minute-tuned")]
    public void A_symbols_result_is_the_same_alone_among_others_and_in_any_order(string caseName)
    {
        var p = SpecVectors.Parameters(caseName);
        var mine = SpecVectors.Symbols(caseName).Select(s => SpecVectors.Load(caseName, s)).ToList();

        // Others of another kind and length: a series from the other data set and one too short to trade.
        string otherCase = caseName.StartsWith("daily", StringComparison.Ordinal) ? "minute-defaults" : "daily-defaults";
        var other = SpecVectors.Load(otherCase, SpecVectors.Symbols(otherCase).First());
        var tooShort = other.Slice(0, 30);

        var alone = mine.ToDictionary(s => s.Symbol, s => Only(s, p));
        Assert.Contains(alone.Values, r => r.Trades.Count > 0);

        var together = new ReferenceEngine().Run([.. mine], p, Precision.F64, TestContext.Current.CancellationToken);
        Assert.Equal(mine.Count, together.Count);
        for (int i = 0; i < mine.Count; i++) AssertSame(alone[mine[i].Symbol], together[i], "together");

        List<BarSeries> shuffled = [tooShort, .. Enumerable.Reverse(mine), other];
        var reordered = new ReferenceEngine().Run(shuffled, p, Precision.F64, TestContext.Current.CancellationToken);
        Assert.Equal(shuffled.Count, reordered.Count);
        for (int i = 0; i < mine.Count; i++)
        {
            var s = shuffled[i + 1];
            AssertSame(alone[s.Symbol], reordered[i + 1], "reversed among others");
        }

        Assert.Empty(reordered[0].Trades);
    }

    [Fact]
    public void Running_twice_gives_identical_results()
    {
        var p = SpecVectors.Parameters("daily-defaults");
        var s = SpecVectors.Load("daily-defaults", "AAPL");
        AssertSame(Only(s, p), Only(s, p), "second run");
    }
}
