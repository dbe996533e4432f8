using Backtest.Data;
using Backtest.Tests.Data;
using Parquet;
using Parquet.Schema;
using Xunit;

namespace Backtest.Tests.Sources;

/// <summary>Parquet files read by the loader: the same bars as their CSV twins, the same rules, file problems kept to their file.</summary>
public sealed class ParquetSourceTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly IReadOnlyList<BarSeries> _bars = TestBars.Ragged(6, 2);

    public void Dispose() => _dir.Dispose();

    private static LoadResult Load(LoadRequest r) => BarLoader.Load(r, TestContext.Current.CancellationToken);

    [Fact]
    public void A_folder_of_parquet_files_loads_the_same_series_as_the_same_bars_in_csv()
    {
        string csv = Path.Combine(_dir.Path, "csv"), pq = Path.Combine(_dir.Path, "pq");
        TestBars.WriteCsv(csv, _bars);
        TestBars.WriteParquet(pq, _bars, rowGroupSize: 300);
        SourceAssert.SameSeries(Load(new LoadRequest { Path = csv }).Series, Load(new LoadRequest { Path = pq }).Series);
        var w = new LoadRequest { Path = pq, Tickers = ["SYN0004", "SYN0001"], Days = 1 };
        SourceAssert.SameSeries(Load(w with { Path = csv }).Series, Load(w).Series);
    }

    [Fact]
    public async Task Parquet_reads_stay_exact_while_other_threads_share_the_array_pool()
    {
        // Parquet.Net 6.1 reads a required column through its nullable overload from a pooled, uncleared buffer:
        // with other renters about, values came back null (seen as "timestamp is missing" in about a third of loads).
        TestBars.WriteParquet(_dir.Path, _bars, rowGroupSize: 300);
        using var stop = new CancellationTokenSource();
        var hogs = Enumerable.Range(0, 1).Select(h => Task.Run(() =>
        {
            var rnd = new Random(h);
            while (!stop.IsCancellationRequested)
            {
                var a = System.Buffers.ArrayPool<int>.Shared.Rent(rnd.Next(16, 1 << 16));
                Array.Fill(a, 7);
                System.Buffers.ArrayPool<int>.Shared.Return(a);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        try
        {
            for (int i = 0; i < 12; i++) SourceAssert.SameSeries(_bars, Load(new LoadRequest { Path = _dir.Path }).Series);
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(hogs);
        }
    }

    [Fact]
    public void One_parquet_file_with_a_symbol_column_holds_many_symbols()
    {
        string file = Path.Combine(_dir.Path, "all.parquet");
        TestBars.WriteParquetFile(file, _bars, symbolColumn: true, rowGroupSize: 500);
        var r = Load(new LoadRequest { Path = file });
        SourceAssert.SameSeries(_bars, r.Series);
    }

    [Fact]
    public async Task Invalid_parquet_rows_are_reported_with_their_row_number_and_nulls_follow_the_csv_rules()
    {
        var time = new DateTimeDataField("Date", DateTimeFormat.Timestamp, isAdjustedToUTC: false, unit: DateTimeTimeUnit.Micros);
        var open = new DataField<decimal?>("Open");
        var high = new DataField<float>("HIGH");
        var low = new DataField<long>("low");
        var close = new DataField<double?>("Close");
        var volume = new DataField<int?>("Volume");
        string file = Path.Combine(_dir.Path, "ABC.parquet");
        await using (var stream = File.Create(file))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(time, open, high, low, close, volume), stream, cancellationToken: TestContext.Current.CancellationToken);
            using (var g = writer.CreateRowGroup())
            {
                var t0 = new DateTime(2024, 1, 2, 14, 30, 0);
                await g.WriteAsync<DateTime>(time, new[] { t0, t0.AddMinutes(1), t0.AddMinutes(2), t0.AddMinutes(3) }, cancellationToken: TestContext.Current.CancellationToken);
                await g.WriteAsync<decimal>(open, new decimal?[] { 10.1m, null, 10m, 10m }, cancellationToken: TestContext.Current.CancellationToken);
                await g.WriteAsync<float>(high, new[] { 11f, 11f, 11f, 9f }, cancellationToken: TestContext.Current.CancellationToken);
                await g.WriteAsync<long>(low, new long[] { 9, 9, 9, 9 }, cancellationToken: TestContext.Current.CancellationToken);
                await g.WriteAsync<double>(close, new double?[] { 10.5, 10.5, 10.5, 10.5 }, cancellationToken: TestContext.Current.CancellationToken);
                await g.WriteAsync<int>(volume, new int?[] { 100, 5, null, 7 }, cancellationToken: TestContext.Current.CancellationToken);
            }
            await writer.DisposeAsync();
        }

        var r = Load(new LoadRequest { Path = _dir.Path });
        var s = Assert.Single(r.Series);
        Assert.Equal("ABC", s.Symbol);
        Assert.Equal([10.1, 10.0], s.Open);   // the decimal 10.1 as the double nearest to it, as CSV text gives
        Assert.Equal([100.0, 0.0], s.Volume);  // a null volume is 0
        Assert.Equal(1_704_205_800_000, s.Times[0]);   // a timestamp not adjusted to UTC is read as UTC
        Assert.Equal(["ABC.parquet:2: open is missing", "ABC.parquet:4: high 9 is below max(open, close) = 10.5"],
            r.Issues.Select(i => $"{Path.GetFileName(i.File)}:{i.Line}: {i.Message}"));
    }

    [Fact]
    public void A_corrupt_or_truncated_parquet_file_skips_its_symbol_only()
    {
        TestBars.WriteParquet(_dir.Path, _bars.Take(3));
        string good = Path.Combine(_dir.Path, "SYN0002.parquet");
        var bytes = File.ReadAllBytes(good);
        File.WriteAllBytes(good, bytes[..(bytes.Length / 2)]);
        var corrupt = File.ReadAllBytes(Path.Combine(_dir.Path, "SYN0003.parquet"));
        for (int i = corrupt.Length - 200; i < corrupt.Length - 8; i++) corrupt[i] ^= 0x5A;
        File.WriteAllBytes(Path.Combine(_dir.Path, "SYN0003.parquet"), corrupt);
        File.WriteAllText(Path.Combine(_dir.Path, "TXT.parquet"), "this is not parquet\n");

        var r = Load(new LoadRequest { Path = _dir.Path });
        Assert.Equal(["SYN0001"], r.Series.Select(s => s.Symbol));
        Assert.Equal(["SYN0002", "SYN0003", "TXT"], r.Skipped.Select(s => s.Symbol));
        Assert.All(r.Skipped, s => Assert.StartsWith("unreadable file: ", s.Reason, StringComparison.Ordinal));
        Assert.Contains("Parquet", r.Skipped[2].Reason, StringComparison.Ordinal);
        Assert.All(r.Issues, i => Assert.Equal(0, i.Line));
    }

    [Fact]
    public async Task A_parquet_file_without_a_price_column_names_what_is_missing()
    {
        var time = new DataField<long>("ts");
        var price = new DataField<double>("price");
        string file = Path.Combine(_dir.Path, "X.parquet");
        await using (var stream = File.Create(file))
        {
            var writer = await ParquetWriter.CreateAsync(new ParquetSchema(time, price), stream, cancellationToken: TestContext.Current.CancellationToken);
            using (var g = writer.CreateRowGroup())
            {
                await g.WriteAsync<long>(time, new long[] { 1_704_205_800 }, cancellationToken: TestContext.Current.CancellationToken);
                await g.WriteAsync<double>(price, new[] { 1.0 }, cancellationToken: TestContext.Current.CancellationToken);
            }
            await writer.DisposeAsync();
        }

        var e = Assert.Throws<DataLoadException>(() => Load(new LoadRequest { Path = file }));
        Assert.Contains("missing required columns open, high, low, close in the Parquet schema (ts, price)", e.Message, StringComparison.Ordinal);
    }
}
