using Backtest.Data;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>The window (start/end/days), the tickers filter and order, the limit, and multi-symbol files.</summary>
public class WindowAndSelectionTests
{
    private static string Sp500 => SharedData.Data("daily", "sp500_5yr");

    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static LoadResult Load(LoadRequest request) => BarLoader.Load(request, TestContext.Current.CancellationToken);

    [Fact]
    public void Start_and_date_only_end_are_inclusive_so_2014_gives_aapls_252_trading_days()
    {
        var result = Load(new LoadRequest
        {
            Path = Path.Combine(Sp500, "AAPL_data.csv"),
            Start = TimeWindowBound.Parse("2014-01-01", isEnd: false),
            End = TimeWindowBound.Parse("2014-12-31", isEnd: true),
        });

        var s = Assert.Single(result.Series);
        Assert.Equal(252, s.Count);   // grep -c "^2014-" AAPL_data.csv
        Assert.Equal(Ms("2014-01-02T00:00:00Z"), s.Times[0]);
        Assert.Equal(Ms("2014-12-31T00:00:00Z"), s.Times[^1]);
        Assert.Equal(1259 - 252, Assert.Single(result.Stats).OutsideWindow);
        Assert.Equal(Ms("2014-01-01T00:00:00Z"), result.WindowStart!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(Ms("2014-12-31T23:59:59.999Z"), result.WindowEnd!.Value.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Exact_start_and_end_instants_include_bars_that_fall_on_them()
    {
        var result = Load(new LoadRequest
        {
            Path = Path.Combine(Sp500, "AAPL_data.csv"),
            Start = TimeWindowBound.Parse("2018-01-31T00:00:00Z", isEnd: false),
            End = TimeWindowBound.Parse("2018-02-02T00:00:00Z", isEnd: true),
        });

        Assert.Equal([Ms("2018-01-31T00:00:00Z"), Ms("2018-02-01T00:00:00Z"), Ms("2018-02-02T00:00:00Z")], Assert.Single(result.Series).Times);
    }

    [Fact]
    public void Days_counts_back_from_the_last_timestamp_over_all_symbols_of_the_run()
    {
        using var dir = new TempFolder();
        File.Copy(Path.Combine(Sp500, "AAPL_data.csv"), Path.Combine(dir.Path, "AAPL_data.csv"));
        // OLD ends a week before AAPL (2018-02-07).
        dir.Write("OLD.csv", "date,open,high,low,close", "2018-01-30,10,11,9,10", "2018-01-31,10,11,9,10");

        var both = Load(new LoadRequest { Path = dir.Path, Days = 7 });

        // end = 2018-02-07 (AAPL's last bar); keep 2018-01-31 < t ≤ 2018-02-07: 02-01, 02-02, 02-05, 02-06, 02-07.
        var aapl = Assert.Single(both.Series);
        Assert.Equal([Ms("2018-02-01T00:00:00Z"), Ms("2018-02-02T00:00:00Z"), Ms("2018-02-05T00:00:00Z"), Ms("2018-02-06T00:00:00Z"), Ms("2018-02-07T00:00:00Z")], aapl.Times);
        var old = Assert.Single(both.Skipped);
        Assert.Equal("OLD", old.Symbol);
        Assert.StartsWith("no bars in the window", old.Reason);
        Assert.Equal(Ms("2018-01-31T00:00:00.001Z"), both.WindowStart!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(Ms("2018-02-07T00:00:00Z"), both.WindowEnd!.Value.ToUnixTimeMilliseconds());

        // With the tickers filter leaving OLD alone, the run's end is OLD's last bar.
        var alone = Load(new LoadRequest { Path = dir.Path, Days = 1, Tickers = ["old"] });
        Assert.Equal([Ms("2018-01-31T00:00:00Z")], Assert.Single(alone.Series).Times);
    }

    [Fact]
    public void Days_with_an_end_counts_back_from_the_last_bar_not_after_that_end()
    {
        var result = Load(new LoadRequest
        {
            Path = Path.Combine(Sp500, "AAPL_data.csv"),
            Days = 31,
            End = TimeWindowBound.Parse("2014-03-31", isEnd: true),
        });

        var s = Assert.Single(result.Series);
        Assert.Equal(Ms("2014-03-31T00:00:00Z"), s.Times[^1]);
        Assert.True(s.Times[0] > Ms("2014-02-28T00:00:00Z"));
        Assert.Equal(21, s.Count);   // grep -c "^2014-03" AAPL_data.csv: March 2014 = (Feb 28, Mar 31]
    }

    [Fact]
    public void Tickers_select_symbols_case_insensitively_in_the_tickers_order_and_report_missing_ones()
    {
        var result = Load(new LoadRequest { Path = Sp500, Tickers = ["msft", "AAPL", "NOPE"] });

        Assert.Equal(["MSFT", "AAPL"], result.Series.Select(s => s.Symbol));
        var nope = Assert.Single(result.Skipped);
        Assert.Equal("NOPE", nope.Symbol);
        Assert.StartsWith("no data found", nope.Reason);
        Assert.Contains("NOPE.csv", nope.Reason);
        Assert.Contains(Sp500, nope.Reason);
        Assert.Equal(2, result.Stats.Count);
    }

    [Fact]
    public void Only_missing_tickers_leave_nothing_usable()
    {
        var e = Assert.Throws<DataLoadException>(() => Load(new LoadRequest { Path = Sp500, Tickers = ["NOPE"] }));

        Assert.Contains("NOPE: no data found", e.Message);
    }

    [Fact]
    public void Limit_takes_the_first_symbols_in_sorted_order()
    {
        var result = Load(new LoadRequest { Path = Sp500, Limit = 3 });

        Assert.Equal(["A", "AAL", "AAP"], result.Series.Select(s => s.Symbol));   // A_data.csv, AAL_data.csv, AAP_data.csv
    }

    [Fact]
    public void Limit_after_tickers_keeps_the_first_tickers_that_have_data()
    {
        var result = Load(new LoadRequest { Path = Sp500, Tickers = ["NOPE", "XOM", "IBM", "AAPL"], Limit = 2 });

        Assert.Equal(["XOM", "IBM"], result.Series.Select(s => s.Symbol));
        Assert.Equal("NOPE", Assert.Single(result.Skipped).Symbol);
    }

    [Fact]
    public void One_file_with_a_name_column_holds_several_symbols()
    {
        using var dir = new TempFolder();
        var aapl = File.ReadAllLines(Path.Combine(Sp500, "AAPL_data.csv"));
        var msft = File.ReadAllLines(Path.Combine(Sp500, "MSFT_data.csv"));
        var file = dir.Write("all_stocks_5yr.csv", [aapl[0], .. msft.Skip(1), .. aapl.Skip(1)]);

        var all = Load(new LoadRequest { Path = file });
        Assert.Equal(["AAPL", "MSFT"], all.Series.Select(s => s.Symbol));
        Assert.Equal(1259, all.Series[0].Count);
        Assert.Equal(1259, all.Series[1].Count);
        Assert.Equal(159.54, all.Series[0].Close[^1]);
        Assert.Equal(file, all.Stats[0].File);

        var picked = Load(new LoadRequest { Path = file, Tickers = ["msft", "GOOG"] });
        Assert.Equal("MSFT", Assert.Single(picked.Series).Symbol);
        Assert.Equal("GOOG", Assert.Single(picked.Skipped).Symbol);
        Assert.Contains(file, picked.Skipped[0].Reason);

        Assert.Equal("AAPL", Assert.Single(Load(new LoadRequest { Path = file, Limit = 1 }).Series).Symbol);
    }

    [Fact]
    public void Results_do_not_depend_on_the_degree_of_parallelism()
    {
        var request = new LoadRequest { Path = Sp500, Limit = 40, Days = 100 };

        var serial = BarLoader.Load(request, 1, TestContext.Current.CancellationToken);
        var parallel = BarLoader.Load(request, 8, TestContext.Current.CancellationToken);

        Assert.Equal(serial.Series.Select(s => s.Symbol), parallel.Series.Select(s => s.Symbol));
        for (int i = 0; i < serial.Series.Count; i++)
        {
            Assert.Equal(serial.Series[i].Times, parallel.Series[i].Times);
            Assert.Equal(serial.Series[i].Close, parallel.Series[i].Close);
        }

        Assert.Equal(serial.Issues, parallel.Issues);
        Assert.Equal(serial.Stats, parallel.Stats);
    }
}
