using Backtest.Simulation;
using Xunit;

namespace Backtest.Tests.Support;

/// <summary>Tolerant comparisons with messages that name what differed.</summary>
internal static class Near
{
    /// <summary>|actual − expected| ≤ rel·|expected|, with an absolute floor of <paramref name="abs"/> near 0.</summary>
    public static void Equal(double expected, double actual, string what, double rel = 1e-9, double abs = 1e-9)
    {
        double tolerance = Math.Max(rel * Math.Abs(expected), abs);
        Assert.True(
            Math.Abs(actual - expected) <= tolerance,
            $"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:R})");
    }

    public static void Sequence(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: expected {expected.Count} values, got {actual.Count}");
        for (int k = 0; k < expected.Count; k++) Equal(expected[k], actual[k], $"{what}[{k}]");
    }

    public static void Trade(
        Trade actual, int entryBar, int exitBar, double entryPrice, double exitPrice, long shares,
        double pnl, double returnPct, ExitReason reason)
    {
        Assert.Equal(entryBar, actual.EntryBar);
        Assert.Equal(exitBar, actual.ExitBar);
        Assert.Equal(shares, actual.Shares);
        Assert.Equal(reason, actual.Reason);
        Equal(entryPrice, actual.EntryPrice, "entry price");
        Equal(exitPrice, actual.ExitPrice, "exit price");
        Equal(pnl, actual.Pnl, "pnl");
        Equal(returnPct, actual.ReturnPct, "return_pct");
    }
}
