namespace Backtest.Metrics;

/// <summary>
/// P, the periods per year, inferred from Δ, the most common spacing between consecutive bars (the
/// smaller on a tie), as spec §5 prescribes: monthly 12, weekly 52, daily 252, and intraday bars as
/// 252 trading days of round(23,400 s / Δ) bars (a 6.5-hour session; 98,280 for minute bars).
/// </summary>
public static class PeriodsPerYearInference
{
    private const double Day = 86_400;
    private const double SessionSeconds = 23_400;

    /// <summary>P for a series with fewer than two bars, which has no spacing (its ratios are 0 anyway).</summary>
    public const double WithoutSpacing = 252;

    public static double Infer(ReadOnlySpan<long> timesUnixMs)
    {
        if (timesUnixMs.Length < 2) return WithoutSpacing;
        return FromSpacing(MostCommonSpacingMs(timesUnixMs) / 1000.0);
    }

    public static double FromSpacing(double deltaSeconds)
    {
        if (deltaSeconds >= 28 * Day) return 12;
        if (deltaSeconds >= 5 * Day) return 52;
        if (deltaSeconds >= 20 * 3_600) return 252;
        // Math.Round with AwayFromZero rounds halves up for positive values.
        return 252 * Math.Max(1, Math.Round(SessionSeconds / deltaSeconds, MidpointRounding.AwayFromZero));
    }

    private static long MostCommonSpacingMs(ReadOnlySpan<long> times)
    {
        // Fast path: a spacing held by more than half the gaps is the only mode, so no tie can arise.
        // Minute and daily series nearly always have one; it saves sorting every series of a panel.
        if (MajoritySpacing(times) is { } majority) return majority;

        var spacings = new long[times.Length - 1];
        for (int k = 1; k < times.Length; k++) spacings[k - 1] = times[k] - times[k - 1];
        Array.Sort(spacings);

        // Runs of equal values in sorted order; the first longest run is the smallest most common spacing.
        long best = spacings[0];
        int bestCount = 0;
        for (int i = 0; i < spacings.Length;)
        {
            int j = i;
            while (j < spacings.Length && spacings[j] == spacings[i]) j++;
            if (j - i > bestCount) { bestCount = j - i; best = spacings[i]; }
            i = j;
        }
        return best;
    }

    // Boyer-Moore majority vote over the spacings, then a count to confirm the candidate.
    private static long? MajoritySpacing(ReadOnlySpan<long> times)
    {
        long candidate = 0;
        int votes = 0;
        for (int k = 1; k < times.Length; k++)
        {
            long spacing = times[k] - times[k - 1];
            if (votes == 0) { candidate = spacing; votes = 1; }
            else votes += spacing == candidate ? 1 : -1;
        }

        int count = 0;
        for (int k = 1; k < times.Length; k++)
            if (times[k] - times[k - 1] == candidate) count++;
        return 2L * count > times.Length - 1 ? candidate : null;
    }
}
