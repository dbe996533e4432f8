using Backtest.Data;
using Backtest.Data.Synthetic;
using Xunit;

namespace Backtest.Tests.Data;

public class SyntheticUniverseValidityTests
{
    private static readonly SyntheticUniverseOptions Small = new() { Symbols = 20, Days = 5 };

    [Fact]
    public void Every_bar_is_valid_per_spec_section_1()
    {
        foreach (var series in SyntheticTestData.Generate(Small))
        {
            for (int k = 0; k < series.Count; k++)
            {
                double o = series.Open[k], h = series.High[k], l = series.Low[k], c = series.Close[k], v = series.Volume[k];
                Assert.True(double.IsFinite(o) && o > 0 && double.IsFinite(h) && h > 0
                    && double.IsFinite(l) && l > 0 && double.IsFinite(c) && c > 0, $"{series.Symbol}[{k}] price");
                Assert.True(h >= Math.Max(o, c), $"{series.Symbol}[{k}] high {h} below body {o}/{c}");
                Assert.True(l <= Math.Min(o, c), $"{series.Symbol}[{k}] low {l} above body {o}/{c}");
                Assert.True(double.IsFinite(v) && v >= 0 && v == Math.Floor(v), $"{series.Symbol}[{k}] volume {v}");
            }
        }
    }

    [Fact]
    public void Prices_are_whole_cents()
    {
        foreach (var series in SyntheticTestData.Generate(Small with { Symbols = 5 }))
        {
            foreach (var prices in new[] { series.Open, series.High, series.Low, series.Close })
            {
                foreach (double p in prices)
                    Assert.Equal(p, Math.Round(p * 100) / 100);
            }
        }
    }

    [Fact]
    public void Each_symbol_has_exactly_days_times_390_bars()
    {
        foreach (var series in SyntheticTestData.Generate(Small))
            Assert.Equal(Small.Days * 390, series.Count);
    }

    [Fact]
    public void Timestamps_are_strictly_increasing_weekday_minutes_between_14_30_and_21_00_utc()
    {
        var series = SyntheticUniverse.GenerateSymbol(Small with { Days = 12 }, 0);

        for (int k = 0; k < series.Count; k++)
        {
            var t = UnixTime.ToDateTimeOffset(series.Times[k]).UtcDateTime;
            if (k > 0)
                Assert.True(series.Times[k] > series.Times[k - 1]);
            Assert.True(t.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), $"{t:O} falls on a weekend");
            Assert.InRange(t.TimeOfDay, new TimeSpan(14, 30, 0), new TimeSpan(20, 59, 0));
            Assert.Equal(0, series.Times[k] % 60_000);
        }
    }

    [Fact]
    public void The_first_bar_opens_the_start_date_session_and_each_day_holds_390_consecutive_minutes()
    {
        var series = SyntheticUniverse.GenerateSymbol(Small, 0);

        Assert.Equal("2024-01-02T14:30:00Z", UnixTime.ToIso(series.Times[0]));
        Assert.Equal("2024-01-02T20:59:00Z", UnixTime.ToIso(series.Times[389]));
        Assert.Equal("2024-01-03T14:30:00Z", UnixTime.ToIso(series.Times[390]));
        // Five trading days from Tuesday 2 January: Tue, Wed, Thu, Fri, then Monday 8 January.
        Assert.Equal("2024-01-08T20:59:00Z", UnixTime.ToIso(series.Times[^1]));
    }

    [Fact]
    public void A_weekend_start_date_begins_on_the_next_monday()
    {
        var series = SyntheticUniverse.GenerateSymbol(Small with { StartDate = new DateOnly(2024, 1, 6) }, 0);

        Assert.Equal("2024-01-08T14:30:00Z", UnixTime.ToIso(series.Times[0]));
    }

    [Fact]
    public void Starting_prices_spread_over_a_realistic_range()
    {
        var starts = SyntheticTestData.Generate(new SyntheticUniverseOptions { Symbols = 200, Days = 1 })
            .Select(s => s.Open[0]).Order().ToArray();

        Assert.All(starts, p => Assert.InRange(p, 2.0, 2_000.0));
        Assert.InRange(starts[starts.Length / 2], 25.0, 100.0); // median near $50
        Assert.True(starts[^1] / starts[0] > 20, "prices should span more than an order of magnitude");
    }

    [Fact]
    public void Prices_stay_positive_and_bounded_over_years()
    {
        var series = SyntheticUniverse.GenerateSymbol(new SyntheticUniverseOptions { Symbols = 3, Days = 1_000 }, 2);

        double start = series.Open[0];
        Assert.All(series.Close, c => Assert.InRange(c, start / 50, start * 50));
    }
}
