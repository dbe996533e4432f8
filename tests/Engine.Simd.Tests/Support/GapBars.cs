using Backtest.Data;
using Backtest.Simulation;
using Backtest.Strategy;

using Backtest.Tests.Support;

namespace Backtest.Tests.Support;

/// <summary>
/// A hand-made series that jumps 31 days (LEAN's SPY jumps ten years), and a strategy small enough to work its
/// trades by hand on both sides of the jump.
/// </summary>
internal static class GapBars
{
    public const string Symbol = "GAP";

    /// <summary>Days of the bars: 0..5, then 36..41 (the step 5 → 36 is the gap of 31 days).</summary>
    public static readonly int[] Days = [0, 1, 2, 3, 4, 5, 36, 37, 38, 39, 40, 41];

    /// <summary>Closes 10..15 rising, then 30 29 28 29 30 27.</summary>
    public static readonly double[] Closes = [10, 11, 12, 13, 14, 15, 30, 29, 28, 29, 30, 27];

    /// <summary>Flat bars (open = high = low = close) on <see cref="Days"/>, from <see cref="Bars.StartMs"/>.</summary>
    public static BarSeries Series(string symbol = Symbol)
    {
        var times = Days.Select(d => Bars.StartMs + d * Bars.DayMs).ToArray();
        return new BarSeries(symbol, times, [.. Closes], [.. Closes], [.. Closes], [.. Closes], new double[Closes.Length]);
    }

    /// <summary>
    /// Only the trend part, SMA(1) against SMA(2): +1 when the close rose, −1 when it fell or stayed; enter above 0,
    /// exit below 0, at the close, all the cash, no fee. Warm-up W = 1, so a series needs 3 bars.
    /// </summary>
    public static S3Settings Trend { get; } = new()
    {
        SmaFast = 1, SmaSlow = 2, RsiPeriod = 1, BbPeriod = 1, MacdFast = 1, MacdSlow = 2, MacdSignal = 1,
        WTrend = 1, WRsi = 0, WBb = 0, WMacd = 0, Threshold = 0,
        Execution = new() { Capital = 1000, PositionSize = 1, FeeFixed = 0, Fill = FillMode.Close },
    };

    // Worked by hand. Split at the gap, GAP#1 (closes 10..15): close 1 rose → buy at 11, floor(1000/11) = 90 shares,
    // cash 10; still long at the last bar 5 → sold at 15, reason end: pnl 90·4 = 360, 360/990 = 36.36%; final 1360.
    // GAP#2 (30 29 28 29 30 27): closes 1, 2 fell; close 3 rose → buy at 29, floor(1000/29) = 34, cash 14; the last
    // bar 5 sells at 27, reason end: pnl −68, −68/986 = −6.90%; final 14 + 918 = 932.
    public static readonly Trade FirstSegmentTrade = new(1, 5, 11, 15, 90, 360, 100.0 * 360 / 990, ExitReason.End);
    public const double FirstSegmentFinal = 1360;
    public static readonly Trade SecondSegmentTrade = new(3, 5, 29, 27, 34, -68, 100.0 * -68 / 986, ExitReason.End);
    public const double SecondSegmentFinal = 932;

    // Worked by hand. Held across the gap (the defect): bought at close 1 (11, 90 shares, cash 10), close 6 (30) rose
    // over close 5 (15), close 7 fell → sold at 29, reason signal: pnl 90·18 = 1620, +163.6%, cash 2620. Close 9 rose →
    // buy at 29, floor(2620/29) = 90, cash 10; the last bar 11 sells at 27: pnl −180; final 10 + 2430 = 2440.
    public static readonly Trade[] WholeTrades =
    [
        new(1, 7, 11, 29, 90, 1620, 100.0 * 1620 / 990, ExitReason.Signal),
        new(9, 11, 29, 27, 90, -180, 100.0 * -180 / 2610, ExitReason.End),
    ];
    public const double WholeFinal = 2440;

    /// <summary>The same trades: bars, shares and reasons exactly, prices, pnl and return within 1e-9.</summary>
    public static void AssertTrades(IReadOnlyList<Trade> expected, IReadOnlyList<Trade> actual)
    {
        Xunit.Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            Near.Trade(actual[i], e.EntryBar, e.ExitBar, e.EntryPrice, e.ExitPrice, e.Shares, e.Pnl, e.ReturnPct, e.Reason);
        }
    }
}
