using Backtest.Data;

namespace Backtest.Metrics;

/// <summary>
/// The ends of a symbol's series that the 2.0 metrics read (semantics §5): buy and hold from the first to the
/// last close, and the years between the first and the last timestamp for CAGR.
/// </summary>
public readonly record struct SeriesSpan(double FirstClose, double LastClose, long FirstTimeMs, long LastTimeMs)
{
    private const double SecondsPerYear = 365.25 * 86_400;

    /// <summary>The span of bars [<paramref name="first"/>, <paramref name="end"/>) of <paramref name="series"/>; default when empty.</summary>
    public static SeriesSpan Of(BarSeries series, int first, int end)
    {
        ArgumentNullException.ThrowIfNull(series);
        return end <= first ? default : new(series.Close[first], series.Close[end - 1], series.Times[first], series.Times[end - 1]);
    }

    public static SeriesSpan Of(BarSeries series) => Of(series, 0, series?.Count ?? 0);

    /// <summary>100·(close[n−1]/close[0] − 1); 0 for an empty span.</summary>
    public double BuyHoldReturnPct => FirstClose > 0 ? 100 * (LastClose / FirstClose - 1) : 0;

    /// <summary>(t[n−1] − t[0]) / (365.25 × 86,400 s).</summary>
    public double Years => (LastTimeMs - FirstTimeMs) / 1000.0 / SecondsPerYear;

    /// <summary>From the start of this span to the end of <paramref name="later"/> (walk-forward folds stitched together).</summary>
    public SeriesSpan Through(SeriesSpan later) => this with { LastClose = later.LastClose, LastTimeMs = later.LastTimeMs };
}
