namespace Backtest.WalkForward;

/// <summary>
/// The folds over a data span, in UTC days. The origin is 00:00Z of the day of the first bar (over all
/// symbols). Fold i (from 0) tests [origin + train + i·step, + test) days; its train window is the
/// <c>train</c> days before that (rolling) or everything from the origin (anchored, growing by a step each
/// fold). Folds go on while their test window starts at or before the last bar; the last test window may
/// therefore run past the data and hold fewer days. Step defaults to the test length, so test windows tile.
/// </summary>
public static class FoldPlan
{
    public const long DayMs = 86_400_000;

    public static IReadOnlyList<Fold> Create(long firstBar, long lastBar, int trainDays, int testDays, int stepDays, bool anchored)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(testDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepDays, 1);
        if (lastBar < firstBar) throw new ArgumentException("The last bar is before the first.", nameof(lastBar));

        long origin = Math.DivRem(firstBar, DayMs, out long rem) * DayMs - (rem < 0 ? DayMs : 0);
        var folds = new List<Fold>();
        for (int i = 0; ; i++)
        {
            long testStart = origin + ((trainDays + ((long)i * stepDays)) * DayMs);
            if (testStart > lastBar) break;
            long trainStart = anchored ? origin : testStart - (trainDays * DayMs);
            folds.Add(new Fold(i + 1, trainStart, testStart, testStart, testStart + (testDays * DayMs)));
        }
        return folds;
    }
}
