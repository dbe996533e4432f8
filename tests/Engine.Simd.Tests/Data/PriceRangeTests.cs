using Backtest.Data;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>
/// Prices outside [1e-8, 1e9] are refused per row by the one validity rule every source uses: below it the
/// share count of a $5,000 budget passes what a long holds (1e-299 bought 9.2e18 shares and reported a return of
/// −1.8e282 %), and the engines' squared deviations stop being exact enough in f32.
/// </summary>
public sealed class PriceRangeTests
{
    [Fact]
    public void Prices_outside_the_range_are_invalid_rows_named_by_file_line_and_value()
    {
        using var dir = new TempFolder();
        string file = dir.Write("AAA.csv",
            "timestamp,open,high,low,close,volume",
            "2024-01-02T14:30:00Z,12,12.5,11.5,12,100",
            "2024-01-02T14:31:00Z,1e-299,1e-299,1e-299,1e-299,100",
            "2024-01-02T14:32:00Z,0.00000001,0.00000001,0.00000001,0.00000001,100",
            "2024-01-02T14:33:00Z,1000000000,1000000000,1000000000,1000000000,100",
            "2024-01-02T14:34:00Z,12,2000000000,11,12,100",
            "2024-01-02T14:35:00Z,12,12,9.99e-9,12,100",
            "2024-01-02T14:36:00Z,12,12,12,12,100");

        var result = BarLoader.Load(new LoadRequest { Path = dir.Path }, TestContext.Current.CancellationToken);

        var bars = Assert.Single(result.Series);
        Assert.Equal([12, 1e-8, 1e9, 12], bars.Close);
        Assert.Equal(3, result.InvalidRows);
        Assert.Equal(
            [
                $"{file}:3: open 1E-299 is below the smallest price bt represents, 1E-08",
                $"{file}:6: high 2000000000 is above the largest price bt represents, 1000000000",
                $"{file}:7: low 9.99E-09 is below the smallest price bt represents, 1E-08",
            ],
            result.Issues.Select(i => i.ToString()));
    }

    [Fact]
    public void The_range_holds_for_parquet_files_too()
    {
        using var dir = new TempFolder();
        var series = new BarSeries("TINY", [0, 60_000, 120_000], [1, 1e-300, 1], [1, 1e-300, 1], [1, 1e-300, 1], [1, 1e-300, 1], [0, 0, 0]);
        TestBars.WriteParquet(dir.Path, [series]);

        var result = BarLoader.Load(new LoadRequest { Path = dir.Path }, TestContext.Current.CancellationToken);

        Assert.Equal([1, 1], Assert.Single(result.Series).Close);
        var issue = Assert.Single(result.Issues);
        Assert.Equal("open 1E-300 is below the smallest price bt represents, 1E-08", issue.Message);
    }
}
