using System.Buffers.Binary;
using Backtest.Data;
using Backtest.Tests.Data;
using Parquet;
using Parquet.Schema;
using Xunit;

namespace Backtest.Tests.Sources;

/// <summary>
/// Damaged or mistyped Parquet files skip their own symbol with a message in Parquet's terms, and never make the run
/// allocate what a damaged length claims.
/// </summary>
public sealed class ParquetDamageTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly IReadOnlyList<BarSeries> _bars = TestBars.Ragged(2, 1);

    public ParquetDamageTests() => TestBars.WriteParquet(_dir.Path, _bars);

    public void Dispose() => _dir.Dispose();

    private LoadResult Load(long? budget = null) =>
        BarLoader.Load(new LoadRequest { Path = _dir.Path, MemoryBudget = budget }, TestContext.Current.CancellationToken);

    [Fact]
    public void A_footer_claiming_2_gib_skips_its_symbol_naming_the_claim_and_the_room_for_it()
    {
        string file = Path.Combine(_dir.Path, "SYN0002.parquet");
        var bytes = File.ReadAllBytes(file);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(bytes.Length - 8), int.MaxValue);   // just before the trailing PAR1
        File.WriteAllBytes(file, bytes);

        var r = Load();

        Assert.Equal(["SYN0001"], r.Series.Select(s => s.Symbol));
        var skipped = Assert.Single(r.Skipped);
        // The room for a footer: the file less "PAR1" at each end and the 4-byte length.
        Assert.Equal($"unreadable file: damaged Parquet footer: it claims 2,147,483,647 bytes, but the file has {bytes.Length - 12:N0} bytes for it", skipped.Reason);
    }

    [Fact]
    public async Task A_footer_that_ends_inside_a_field_skips_its_symbol_instead_of_hanging()
    {
        // The footer's last byte is FileMetaData's stop byte. 0x0D starts a field instead (type 13, its id in a varint
        // that follows): the varint runs past the footer's end, where Parquet.Net 6.1 reads -1 as 0xFF, a byte that
        // says "more follows", forever (fuzz seed 1, iteration 430).
        string file = Path.Combine(_dir.Path, "SYN0002.parquet");
        var bytes = File.ReadAllBytes(file);
        int stop = bytes.Length - 9;   // before the 4-byte footer length and the trailing PAR1
        Assert.Equal(0, bytes[stop]);
        bytes[stop] = 0x0D;
        File.WriteAllBytes(file, bytes);

        // Bounded, so that a hang fails the test (TimeoutException) instead of stalling the run.
        var r = await Task.Run(() => Load()).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(["SYN0001"], r.Series.Select(s => s.Symbol));
        var skipped = Assert.Single(r.Skipped);
        Assert.Equal("SYN0002", skipped.Symbol);
        Assert.Equal("unreadable file: the file's footer (metadata) is damaged: it ends inside a field", skipped.Reason);
    }

    [Fact]
    public void A_file_without_the_parquet_markers_is_named_as_not_parquet()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "TXT.parquet"), "timestamp,open,high,low,close\n");

        var r = Load();

        Assert.Equal("unreadable file: not a Parquet file: it does not begin and end with the PAR1 marker", Assert.Single(r.Skipped).Reason);
    }

    [Fact]
    public async Task A_price_column_of_strings_is_reported_in_parquet_terms()
    {
        var time = new DataField<long>("timestamp");
        var open = new DataField<string>("open");
        await WriteOneRow("STR.parquet", time, open, async (g, ct) =>
        {
            await g.WriteAsync<long>(time, new long[] { 1_704_205_800L }.AsMemory(), null, null, ct);
            await g.WriteAsync(open, new[] { "10" });   // the string overload takes no token
        });

        var r = Load();

        Assert.Equal(("STR", "unreadable file: column 'open' holds string values; expected a number (double, float, decimal or an integer)"),
            (r.Skipped.Single().Symbol, r.Skipped.Single().Reason));
        Assert.Equal(["SYN0001", "SYN0002"], r.Series.Select(s => s.Symbol));
    }

    [Fact]
    public async Task A_time_column_of_booleans_is_reported_in_parquet_terms()
    {
        var time = new DataField<bool>("timestamp");
        var open = new DataField<double>("open");
        await WriteOneRow("BOOL.parquet", time, open, async (g, ct) =>
        {
            await g.WriteAsync<bool>(time, new[] { true }, cancellationToken: ct);
            await g.WriteAsync<double>(open, new[] { 10.0 }, cancellationToken: ct);
        });

        var r = Load();

        Assert.Equal("unreadable file: column 'timestamp' holds boolean values; expected a timestamp, a date, a string or a number (an epoch)",
            Assert.Single(r.Skipped).Reason);
    }

    [Fact]
    public void A_file_with_more_rows_than_the_budget_can_hold_is_skipped_before_its_rows_are_read()
    {
        // 200 bytes a row while loading: a budget of 20,000 bytes holds 100 rows; both files have more.
        Assert.All(_bars, b => Assert.True(b.Count > 100));

        var e = Assert.Throws<DataLoadException>(() => Load(budget: 20_000));

        Assert.Contains($"SYN0001: unreadable file: the file holds {_bars[0].Count:N0} rows, more than the 100 the memory budget of 20,000 bytes can hold", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A one-row file: the given time and open columns (written by <paramref name="writeTimeAndOpen"/>), and high, low, close as doubles.</summary>
    private async Task WriteOneRow(string name, DataField time, DataField open, Func<ParquetRowGroupWriter, CancellationToken, Task> writeTimeAndOpen)
    {
        var ct = TestContext.Current.CancellationToken;
        var high = new DataField<double>("high");
        var low = new DataField<double>("low");
        var close = new DataField<double>("close");
        await using var stream = File.Create(Path.Combine(_dir.Path, name));
        var writer = await ParquetWriter.CreateAsync(new ParquetSchema(time, open, high, low, close), stream, cancellationToken: ct);
        using (var g = writer.CreateRowGroup())
        {
            await writeTimeAndOpen(g, ct);
            await g.WriteAsync<double>(high, new[] { 11.0 }, cancellationToken: ct);
            await g.WriteAsync<double>(low, new[] { 9.0 }, cancellationToken: ct);
            await g.WriteAsync<double>(close, new[] { 10.0 }, cancellationToken: ct);
        }

        await writer.DisposeAsync();
    }
}
