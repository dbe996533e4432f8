using Backtest.Data;
using Backtest.Data.Synthetic;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>
/// The stylised facts the universe is meant to have. The universe is deterministic, so these are fixed
/// numbers for the default seed, not flaky statistics; the bands are wide so that a retuned model still passes.
/// </summary>
public class SyntheticUniverseStatisticsTests
{
    private const int PerDay = SyntheticUniverseOptions.BarsPerDay;

    // Sixteen symbols of 60 days: 23,400 bars each, enough for stable autocorrelations.
    private static readonly Lazy<IReadOnlyList<BarSeries>> Universe =
        new(() => SyntheticUniverse.Generate(new SyntheticUniverseOptions { Symbols = 16, Days = 60 }));

    // Cent rounding of a cheap stock adds bid-ask-bounce-like negative autocorrelation to minute returns, as in
    // real data; the clustering checks use symbols priced high enough for the tick to be negligible.
    private static IEnumerable<BarSeries> PricedAbove(double price) => Universe.Value.Where(s => s.Close.Min() > price);

    [Fact]
    public void Squared_minute_returns_are_positively_autocorrelated_while_returns_are_not()
    {
        var symbols = PricedAbove(30).ToArray();
        Assert.True(symbols.Length >= 3, $"only {symbols.Length} symbols stay above $30");

        foreach (var series in symbols)
        {
            var (returns, squared) = Lag1Autocorrelations(series);
            Assert.True(squared > 0.05, $"{series.Symbol}: lag-1 autocorrelation of squared returns {squared:F4}");
            Assert.True(Math.Abs(returns) < 0.05, $"{series.Symbol}: lag-1 autocorrelation of returns {returns:F4}");
        }
    }

    [Fact]
    public void Daily_close_to_close_volatility_is_between_half_and_five_percent()
    {
        foreach (var series in Universe.Value)
        {
            var dailyCloses = Enumerable.Range(1, series.Count / PerDay).Select(d => series.Close[d * PerDay - 1]).ToArray();
            var returns = dailyCloses.Zip(dailyCloses.Skip(1), (a, b) => b / a - 1).ToArray();
            double sd = StandardDeviation(returns);
            Assert.InRange(sd, 0.005, 0.05);
        }
    }

    [Fact]
    public void Intraday_volume_is_higher_in_the_first_and_last_half_hour_than_at_midday()
    {
        foreach (var series in Universe.Value)
        {
            double first = MeanVolume(series, 0, 30);
            double midday = MeanVolume(series, 150, 240);
            double last = MeanVolume(series, PerDay - 30, PerDay);
            Assert.True(first > midday, $"{series.Symbol}: first half hour {first:F0} vs midday {midday:F0}");
            Assert.True(last > midday, $"{series.Symbol}: last half hour {last:F0} vs midday {midday:F0}");
        }
    }

    [Fact]
    public void Sessions_open_with_an_overnight_gap()
    {
        // Gaps are larger than the typical minute-to-minute open-versus-previous-close difference.
        foreach (var series in Universe.Value)
        {
            var overnight = new List<double>();
            var intraday = new List<double>();
            for (int k = 1; k < series.Count; k++)
                (k % PerDay == 0 ? overnight : intraday).Add(Math.Abs(series.Open[k] / series.Close[k - 1] - 1));
            Assert.True(overnight.Average() > 5 * intraday.Average(), series.Symbol);
        }
    }

    private static (double Returns, double Squared) Lag1Autocorrelations(BarSeries series)
    {
        // Intraday close-to-close returns only: the overnight gap is a different process.
        var current = new List<double>();
        var next = new List<double>();
        for (int k = 1; k + 1 < series.Count; k++)
        {
            if (k % PerDay == 0 || (k + 1) % PerDay == 0)
                continue;
            current.Add(series.Close[k] / series.Close[k - 1] - 1);
            next.Add(series.Close[k + 1] / series.Close[k] - 1);
        }
        return (Correlation(current, next), Correlation(current.Select(r => r * r).ToList(), next.Select(r => r * r).ToList()));
    }

    private static double Correlation(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        double mx = x.Average(), my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.Sqrt(sxx * syy);
    }

    private static double StandardDeviation(IReadOnlyList<double> x)
    {
        double mean = x.Average();
        return Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1));
    }

    private static double MeanVolume(BarSeries series, int fromMinute, int toMinute)
    {
        double sum = 0;
        int count = 0;
        for (int k = 0; k < series.Count; k++)
        {
            int minute = k % PerDay;
            if (minute >= fromMinute && minute < toMinute)
            {
                sum += series.Volume[k];
                count++;
            }
        }
        return sum / count;
    }
}
