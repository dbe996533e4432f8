using Backtest.Data;
using Parquet;
using Parquet.Schema;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>
/// Instants .NET dates cannot hold (before 0001-01-01 or after 9999-12-31) are refused per row when read, with the
/// file and line, and a window that would reach past them is clamped to them: nothing downstream meets them.
/// </summary>
public sealed class TimestampRangeTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Csv_rows_with_epochs_outside_the_years_1_to_9999_are_invalid_rows_with_their_line()
    {
        // -99999999999 s is about year -1199; 9e21 (a float, read as ns) is 9e15 ms, about year 287,000;
        // -62135596800 s is 0001-01-01T00:00:00Z, the first instant .NET holds, and one second earlier is out.
        string file = _dir.Write("ABC.csv",
            "timestamp,open,high,low,close,volume",
            "1704205800,10,11,9,10.5,100",
            "-99999999999,10,11,9,10.5,100",
            "9000000000000000000000.0,10,11,9,10.5,100",
            "-62135596801,10,11,9,10.5,100",
            "-62135596800,10,11,9,10.5,100",
            "1704205860,10,11,9,10.5,100");
        var r = BarLoader.Load(new LoadRequest { Path = file }, Ct);

        var s = Assert.Single(r.Series);
        Assert.Equal([-62_135_596_800_000, 1_704_205_800_000, 1_704_205_860_000], s.Times);
        Assert.Equal([3L, 4, 5], r.Issues.Select(i => i.Line));
        Assert.All(r.Issues, i => Assert.Contains("is outside the dates bt can hold (0001-01-01 .. 9999-12-31)", i.Message, StringComparison.Ordinal));
        Assert.StartsWith("timestamp '-99999999999' ", r.Issues[0].Message, StringComparison.Ordinal);
        var stats = Assert.Single(r.Stats);
        Assert.Equal((6, 3), (stats.RowsRead, stats.InvalidRows));
        Assert.Equal("0001-01-01T00:00:00Z", UnixTime.ToIso(s.Times[0]));
    }

    [Fact]
    public async Task Parquet_epoch_numbers_outside_the_range_are_invalid_rows()
    {
        var time = new DataField<long>("timestamp");
        var open = new DataField<double>("open");
        var high = new DataField<double>("high");
        var low = new DataField<double>("low");
        var close = new DataField<double>("close");
        string file = Path.Combine(_dir.Path, "XYZ.parquet");
        await using (var stream = File.Create(file))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(time, open, high, low, close), stream, cancellationToken: Ct);
            using (var g = writer.CreateRowGroup())
            {
                await g.WriteAsync<long>(time, new long[] { 1_704_205_800_000, -99_999_999_999, 1_704_205_860_000 }, cancellationToken: Ct);
                foreach (var f in new[] { open, high, low, close })
                    await g.WriteAsync<double>(f, new double[] { 10, 10, 10 }, cancellationToken: Ct);
            }
            await writer.DisposeAsync();
        }

        var r = BarLoader.Load(new LoadRequest { Path = file }, Ct);
        Assert.Equal([1_704_205_800_000, 1_704_205_860_000], Assert.Single(r.Series).Times);
        var issue = Assert.Single(r.Issues);
        Assert.Equal(2, issue.Line);
        Assert.Equal("timestamp '-99999999999' is outside the dates bt can hold (0001-01-01 .. 9999-12-31)", issue.Message);
    }

    [Fact]
    public void A_window_bound_outside_the_range_is_a_format_error()
    {
        var e = Assert.Throws<FormatException>(() => TimeWindowBound.Parse("-99999999999", isEnd: false));
        Assert.Contains("outside the dates bt can hold", e.Message, StringComparison.Ordinal);
        Assert.Equal(DateTimeOffset.MaxValue.ToUnixTimeMilliseconds(), TimeWindowBound.Parse("9999-12-31", isEnd: true).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Days_reaching_before_year_1_clamp_the_window_start_to_its_first_instant()
    {
        string file = _dir.Write("ABC.csv",
            "timestamp,open,high,low,close",
            "2024-01-02,10,11,9,10.5",
            "2024-01-03,10,11,9,10.5");
        var r = BarLoader.Load(new LoadRequest { Path = file, Days = 100_000_000 }, Ct);
        Assert.Equal(2, Assert.Single(r.Series).Count);
        Assert.Equal(DateTimeOffset.MinValue, r.WindowStart);
        Assert.Equal(new DateTimeOffset(2024, 1, 3, 0, 0, 0, TimeSpan.Zero), r.WindowEnd);

        var w = TimeWindow.WithReference(new LoadRequest { Path = file, Days = int.MaxValue }, 1_704_240_000_000);
        Assert.Equal(DateTimeOffset.MinValue, w.StartInstant);
    }
}
