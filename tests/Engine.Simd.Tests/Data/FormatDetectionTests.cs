using Backtest.Data;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>Delimiter, header, column and timestamp detection on small hand-written files.</summary>
public class FormatDetectionTests
{
    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static BarSeries LoadOne(string name, params string[] lines)
    {
        using var dir = new TempFolder();
        var file = dir.Write(name, lines);
        var result = BarLoader.Load(new LoadRequest { Path = file }, TestContext.Current.CancellationToken);
        Assert.Empty(result.Issues);
        return Assert.Single(result.Series);
    }

    [Fact]
    public void Comma_file_with_header_in_any_case_and_order_maps_columns_by_name()
    {
        var s = LoadOne("x.csv", "Volume,CLOSE,Low,High,Open,DateTime", "500,10.5,9,11,10,2024-01-02T14:30:00Z");

        Assert.Equal((10, 11, 9, 10.5, 500), (s.Open[0], s.High[0], s.Low[0], s.Close[0], s.Volume[0]));
        Assert.Equal(Ms("2024-01-02T14:30:00Z"), s.Times[0]);
    }

    [Fact]
    public void Short_column_names_o_h_l_c_v_are_understood()
    {
        var s = LoadOne("x.csv", "time,o,h,l,c,v", "1704205800,10,11,9,10.5,7");

        Assert.Equal((10, 11, 9, 10.5, 7), (s.Open[0], s.High[0], s.Low[0], s.Close[0], s.Volume[0]));
    }

    [Fact]
    public void Semicolon_and_tab_delimiters_are_detected()
    {
        var semi = LoadOne("a.csv", "date;open;high;low;close;volume", "2024-01-02;10;11;9;10.5;5");
        var tab = LoadOne("b.tsv", "date\topen\thigh\tlow\tclose\tvolume", "2024-01-02\t10\t11\t9\t10.5\t5");

        Assert.Equal(10.5, semi.Close[0]);
        Assert.Equal(10.5, tab.Close[0]);
    }

    [Fact]
    public void Headerless_file_reads_timestamp_open_high_low_close_volume_in_that_order()
    {
        var s = LoadOne("spy.txt", "20110309 143100;132.31;132.37;132.25;132.35;556121", "20110309 143200;132.34;132.38;132.21;132.24;714428");

        Assert.Equal(2, s.Count);
        Assert.Equal(Ms("2011-03-09T14:31:00Z"), s.Times[0]);
        Assert.Equal((132.31, 132.37, 132.25, 132.35, 556121), (s.Open[0], s.High[0], s.Low[0], s.Close[0], s.Volume[0]));
    }

    [Fact]
    public void Headerless_file_without_volume_gets_volume_0()
    {
        var s = LoadOne("x.csv", "2024-01-02,10,11,9,10.5");

        Assert.Equal(0, s.Volume[0]);
        Assert.Equal(10.5, s.Close[0]);
    }

    [Fact]
    public void Missing_volume_column_means_volume_0()
    {
        var s = LoadOne("x.csv", "date,open,high,low,close", "2024-01-02,10,11,9,10.5");

        Assert.Equal(0, s.Volume[0]);
    }

    [Fact]
    public void Utf8_bom_quotes_crlf_and_blank_lines_are_tolerated()
    {
        var s = LoadOne("x.csv", "\uFEFF\"Date\",\"Open\",\"High\",\"Low\",\"Close\",\"Volume\"\r", "\"2024-01-02\",\"10\",\"11\",\"9\",\"10.5\",\"1.5E+03\"\r", "", "2024-01-03,10,11,9,10.25,0\r", "");

        Assert.Equal(2, s.Count);
        Assert.Equal(1500, s.Volume[0]);
        Assert.Equal(10.25, s.Close[1]);
    }

    [Fact]
    public void A_numeric_epoch_timestamp_column_is_preferred_over_a_text_date_column()
    {
        // blaizard layout: the date column holds a different (wrong) instant here, so using it would show.
        var s = LoadOne("x.csv", "date;timestamp;close;high;low;open;price;volume",
            "Wed, 03 Jan 2024 14:30:00 GMT;1704205800000;2584.43;2590;2584.43;2590;2589.1714;2345");

        Assert.Equal(Ms("2024-01-02T14:30:00Z"), s.Times[0]);
    }

    [Fact]
    public void Separate_date_and_time_columns_are_read_together()
    {
        var s = LoadOne("x.csv", "Date,Time,Open,High,Low,Close,Volume", "2024-01-02,14:30:00,10,11,9,10.5,1");

        Assert.Equal(Ms("2024-01-02T14:30:00Z"), s.Times[0]);
    }

    [Fact]
    public void A_symbol_column_in_a_per_symbol_file_names_the_series()
    {
        var s = LoadOne("whatever_data.csv", "date,open,high,low,close,volume,Name", "2024-01-02,10,11,9,10.5,1,MSFT");

        Assert.Equal("MSFT", s.Symbol);
    }

    [Fact]
    public void A_row_with_an_empty_symbol_cell_falls_back_to_the_file_name_symbol()
    {
        using var dir = new TempFolder();
        var file = dir.Write("MIX.csv", "symbol,date,open,high,low,close", "AAA,2024-01-02,10,11,9,10.5", ",2024-01-02,20,21,19,20.5", "AAA,2024-01-03,10,11,9,10.5");

        var result = BarLoader.Load(new LoadRequest { Path = file }, TestContext.Current.CancellationToken);

        Assert.Equal(["AAA", "MIX"], result.Series.Select(s => s.Symbol));
        Assert.Equal(2, result.Series[0].Count);
        Assert.Equal(20.5, Assert.Single(result.Series[1].Close));
    }

    [Fact]
    public void File_names_give_symbols_without_extension_or_data_suffix()
    {
        using var dir = new TempFolder();
        dir.Write("AAPL_data.csv", "date,open,high,low,close", "2024-01-02,10,11,9,10.5");
        dir.Write("MSFT.txt", "date,open,high,low,close", "2024-01-02,10,11,9,10.5");
        dir.Write("IBM.tsv", "date\topen\thigh\tlow\tclose", "2024-01-02\t10\t11\t9\t10.5");
        dir.Write("notes.md", "not data");

        var result = BarLoader.Load(new LoadRequest { Path = dir.Path }, TestContext.Current.CancellationToken);

        Assert.Equal(["AAPL", "IBM", "MSFT"], result.Series.Select(s => s.Symbol));
    }

    [Theory]
    [InlineData("2024-01-02T09:30:00-05:00", "2024-01-02T14:30:00Z")]
    [InlineData("2024-01-02T14:30:00+0100", "2024-01-02T13:30:00Z")]
    [InlineData("2024-01-02T14:30:00Z", "2024-01-02T14:30:00Z")]
    [InlineData("2024-01-02T14:30:00", "2024-01-02T14:30:00Z")]
    [InlineData("2024-01-02 14:30:00.250", "2024-01-02T14:30:00.25Z")]
    [InlineData("2024-01-02 14:30", "2024-01-02T14:30:00Z")]
    [InlineData("2013-02-08", "2013-02-08T00:00:00Z")]
    [InlineData("20130208", "2013-02-08T00:00:00Z")]
    [InlineData("20110309 143100", "2011-03-09T14:31:00Z")]
    [InlineData("01/03/2017", "2017-01-03T00:00:00Z")]
    [InlineData("1/3/2017", "2017-01-03T00:00:00Z")]
    [InlineData("01/03/17", "2017-01-03T00:00:00Z")]
    [InlineData("12/31/99", "1999-12-31T00:00:00Z")]
    [InlineData("1/16/2013 12:00:00 AM", "2013-01-16T00:00:00Z")]
    [InlineData("1/12/2015 1:02:41 PM", "2015-01-12T13:02:41Z")]
    [InlineData("3/3/2015 12:50:00 PM", "2015-03-03T12:50:00Z")]
    [InlineData("31.12.2020", "2020-12-31T00:00:00Z")]
    [InlineData("14-Dec-09", "2009-12-14T00:00:00Z")]
    [InlineData("Tue, 02 Jan 2024 14:30:00 GMT", "2024-01-02T14:30:00Z")]
    [InlineData("1704205800", "2024-01-02T14:30:00Z")]          // epoch seconds
    [InlineData("1704205800000", "2024-01-02T14:30:00Z")]       // epoch milliseconds
    [InlineData("1704205800000000", "2024-01-02T14:30:00Z")]    // epoch microseconds
    [InlineData("1704205800.5", "2024-01-02T14:30:00.5Z")]
    [InlineData("725898600", "1993-01-01T14:30:00Z")]           // LEAN spy_ema.csv first row
    public void Timestamp_formats_parse_to_the_right_utc_instant(string text, string expectedIso)
    {
        Assert.True(TimestampParser.TryParse(text, out long ms));
        Assert.Equal(Ms(expectedIso), ms);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("2024-13-01")]
    [InlineData("2024-02-30")]
    [InlineData("2024-01-02T25:00:00")]
    [InlineData("1.2.3")]
    [InlineData("12:30")]
    [InlineData("12:30 PM")]
    public void Non_timestamps_are_rejected(string text)
    {
        Assert.False(TimestampParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData("date,open,high,low,close,volume", "2024-01-02T09:30:00-05:00,10,11,9,10.5,1")]
    [InlineData("Date;Open;High;Low;Close", "Tue, 02 Jan 2024 14:30:00 GMT;10;11;9;10.5")]
    [InlineData("Date,Open,High,Low,Close,Volume", "1/2/2024 2:30:00 PM,10,11,9,10.5,1")]
    [InlineData("timestamp\topen\thigh\tlow\tclose", "1704205800000\t10\t11\t9\t10.5")]
    [InlineData("time,open,high,low,close", "1704205800,10,11,9,10.5")]
    [InlineData("20240102 143000;10;11;9;10.5;1", "20240102 143100;10;11;9;10.5;1")]
    public void Each_file_format_gives_the_same_first_bar_at_14_30_utc(string first, string second)
    {
        var s = LoadOne("x.csv", first, second);

        Assert.Equal(Ms("2024-01-02T14:30:00Z"), s.Times[0]);
        Assert.Equal((10, 11, 9, 10.5), (s.Open[0], s.High[0], s.Low[0], s.Close[0]));
    }

    [Fact]
    public void Epoch_seconds_and_milliseconds_files_give_the_same_bars()
    {
        var seconds = LoadOne("a.csv", "timestamp,open,high,low,close", "1704205800,10,11,9,10.5");
        var millis = LoadOne("b.csv", "timestamp,open,high,low,close", "1704205800000,10,11,9,10.5");

        Assert.Equal(seconds.Times, millis.Times);
    }
}
