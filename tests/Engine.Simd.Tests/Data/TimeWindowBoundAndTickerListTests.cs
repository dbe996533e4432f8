using Backtest.Data;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>Parsing of --start/--end texts and of --tickers files.</summary>
public class TimeWindowBoundAndTickerListTests
{
    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void A_date_alone_starts_at_midnight_utc()
    {
        Assert.Equal(Utc("2024-01-02T00:00:00Z"), TimeWindowBound.Parse("2024-01-02", isEnd: false));
    }

    [Fact]
    public void A_date_alone_ends_at_the_last_millisecond_of_that_day()
    {
        Assert.Equal(Utc("2024-01-02T23:59:59.999Z"), TimeWindowBound.Parse("2024-01-02", isEnd: true));
        Assert.Equal(Utc("2024-01-02T23:59:59.999Z"), TimeWindowBound.Parse("20240102", isEnd: true));
        Assert.Equal(Utc("2024-01-02T23:59:59.999Z"), TimeWindowBound.Parse("1/2/2024", isEnd: true));
    }

    [Fact]
    public void A_full_timestamp_is_taken_as_is_with_its_offset()
    {
        Assert.Equal(Utc("2024-01-02T14:30:00Z"), TimeWindowBound.Parse("2024-01-02T09:30:00-05:00", isEnd: true));
        Assert.Equal(Utc("2024-01-02T14:30:00Z"), TimeWindowBound.Parse("2024-01-02 14:30", isEnd: false));
    }

    [Fact]
    public void Text_that_is_no_date_is_a_format_error()
    {
        Assert.Throws<FormatException>(() => TimeWindowBound.Parse("yesterday", isEnd: false));
    }

    [Fact]
    public void A_tickers_file_may_be_a_json_array()
    {
        using var dir = new TempFolder();
        var file = dir.Write("t.json", "[\"AAPL\", \"msft\", \"AAPL\"]");

        Assert.Equal(["AAPL", "msft"], TickerList.Read(file));
    }

    [Fact]
    public void A_tickers_file_may_list_one_symbol_per_line_with_comments_and_blank_lines()
    {
        using var dir = new TempFolder();
        var file = dir.Write("t.txt", "# my universe", "AAPL", "", "  MSFT  # software\r", "#IBM", "GOOG");

        Assert.Equal(["AAPL", "MSFT", "GOOG"], TickerList.Read(file));
    }

    [Fact]
    public void A_missing_or_malformed_tickers_file_is_a_load_error()
    {
        using var dir = new TempFolder();
        var bad = dir.Write("t.json", "[\"AAPL\", 3");

        Assert.Throws<DataLoadException>(() => TickerList.Read(bad));
        Assert.Throws<DataLoadException>(() => TickerList.Read(Path.Combine(dir.Path, "none.txt")));
    }
}
