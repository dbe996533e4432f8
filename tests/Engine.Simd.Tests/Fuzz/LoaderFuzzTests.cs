using System.Text;
using Backtest.Data;
using Backtest.Data.Cache;
using Backtest.Data.Sources;
using Backtest.Tests.Data;
using Backtest.Tests.Sources;
using Xunit;

namespace Backtest.Tests.Fuzz;

/// <summary>
/// One fuzz target per loader (delimited text, Parquet, bar cache), each a bounded seeded mutation loop
/// (<see cref="FuzzLoop"/>, <see cref="FuzzSettings"/>) over seeds the test writes itself: whatever the bytes, the
/// loader answers with bars, a skip or an issue with a message, or a <see cref="DataLoadException"/>; never another
/// exception, a hang, or bars a later stage cannot use.
/// </summary>
public sealed class LoaderFuzzTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static bool IsRejection(Exception e) => e is DataLoadException;

    [Fact]
    public void The_delimited_text_loader_answers_every_mutated_file_with_bars_or_a_message()
    {
        var series = TestBars.Ragged(2, 1);
        var seeds = new List<byte[]>();
        foreach (var s in series)
        {
            string file = Path.Combine(_dir.Path, s.Symbol + ".seed");
            Backtest.Data.Synthetic.SyntheticCsvWriter.WriteSeries(s.Slice(0, 40), file);
            seeds.Add(File.ReadAllBytes(file));
        }
        // The other shapes the reader knows: a symbol column, epoch times, ';' and tabs, split date and time, no header.
        seeds.Add(Encoding.UTF8.GetBytes("symbol,timestamp,open,high,low,close,volume\nAAA,1704205800000,10,11,9,10.5,100\nBBB,1704205800,20,21,19,20.5,0\nAAA,1704205860000,10.5,11,10,10.7,50\n"));
        seeds.Add(Encoding.UTF8.GetBytes("date;time;open;high;low;close;volume\n2024-01-02;14:30:00;10;11;9;10.5;100\n2024-01-02;14:31:00;10.5;11;10;10.7;50\n"));
        seeds.Add(Encoding.UTF8.GetBytes("2024-01-02T14:30:00Z\t10\t11\t9\t10.5\t100\n2024-01-02T14:31:00Z\t10.5\t11\t10\t10.7\t50\n"));
        seeds.Add(Encoding.UTF8.GetBytes("\uFEFFDateTime,Open,High,Low,Close\n\"2024-01-02 14:30:00\",\"10\",\"11\",\"9\",\"10.5\"\n"));

        string dir = Path.Combine(_dir.Path, "csv");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "FUZZ.csv");
        FuzzLoop.Run("csv", seeds, (m, seed) => m.Mutate(seed, seeds), input =>
        {
            File.WriteAllBytes(path, input);
            CheckLoad(BarLoader.Load(new LoadRequest { Path = dir }, CancellationToken.None));
        }, IsRejection);
    }

    [Fact]
    public void The_parquet_loader_answers_every_mutated_file_with_bars_or_a_message()
    {
        var series = TestBars.Ragged(2, 1).Select(s => s.Slice(0, 30)).ToArray();
        string seedsDir = Path.Combine(_dir.Path, "seeds");
        TestBars.WriteParquet(seedsDir, series, rowGroupSize: 16);
        TestBars.WriteParquetFile(Path.Combine(seedsDir, "MULTI.parquet"), series, symbolColumn: true, rowGroupSize: 25);
        var seeds = Directory.GetFiles(seedsDir).Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();

        string dir = Path.Combine(_dir.Path, "parquet");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "FUZZ.parquet");
        FuzzLoop.Run("parquet", seeds, (m, seed) => m.Mutate(seed, seeds), input =>
        {
            File.WriteAllBytes(path, input);
            CheckLoad(BarLoader.Load(new LoadRequest { Path = dir }, CancellationToken.None));
        }, IsRejection);
    }

    [Fact]
    public void The_bar_cache_reader_answers_every_mutated_cache_with_bars_or_a_message()
    {
        string csv = Path.Combine(_dir.Path, "csv");
        TestBars.WriteCsv(csv, TestBars.Ragged(5, 1));
        File.AppendAllText(Path.Combine(csv, "SYN0003.csv"), "2030-01-01T00:00:00Z,10,9,10,10,5\n");
        string good = Path.Combine(_dir.Path, "good.btcache");
        using (var source = new FileBarSource(csv))
            BarCacheWriter.Import(source, new LoadRequest { Path = csv }, good, 1L << 30, 2, cancellationToken: CancellationToken.None);
        var seeds = new List<byte[]> { File.ReadAllBytes(good) };
        string path = Path.Combine(_dir.Path, "fuzz.btcache");
        FuzzLoop.Run("cache", seeds, MutateCache, input =>
        {
            File.WriteAllBytes(path, input);
            BarCacheDamageTests.ReadEverything(path, CheckLoad);
        }, IsRejection);
    }

    /// <summary>
    /// Raw bytes anywhere (the checksums catch those), or, checksums recomputed so the reader's own checks are what
    /// is tried: a header field, the metadata's text, or the bars of a block.
    /// </summary>
    private static byte[] MutateCache(Mutator m, byte[] cache)
    {
        switch (m.Next(4))
        {
            case 0:
                return m.Mutate(cache, []);
            case 1:
            {
                var file = (byte[])cache.Clone();
                int[] fields = [CacheSurgery.PageSizeAt, CacheSurgery.FileLengthAt, CacheSurgery.MetaOffsetAt, CacheSurgery.MetaLengthAt, CacheSurgery.BlockCountAt, CacheSurgery.ReservedAt];
                int at = m.Pick(fields);
                int size = at is CacheSurgery.PageSizeAt or CacheSurgery.BlockCountAt or CacheSurgery.ReservedAt ? 4 : 8;
                long[] values = [0, 1, -1, 4096, 4095, long.MaxValue, long.MinValue, int.MaxValue, int.MinValue, cache.Length, cache.Length - 1, cache.Length + 4096L,
                    CacheSurgery.ReadHeader64(cache, CacheSurgery.MetaOffsetAt) + m.Next(9000) - 4500];
                long value = m.Pick(values);
                CacheSurgery.SetHeader(file, at, size == 4 ? (int)value : value, size);
                return file;
            }
            case 2:
            {
                var json = Encoding.UTF8.GetBytes(CacheSurgery.ReadMeta(cache).ToJsonString());
                return CacheSurgery.WithMeta(cache, Encoding.UTF8.GetString(m.Mutate(json, [])));
            }
            default:
            {
                int blocks = CacheSurgery.ReadMeta(cache)["blocks"]!.AsArray().Count;
                return CacheSurgery.EditField(cache, m.Next(blocks), m.Next(6), values =>
                {
                    long[] odd = [0, -1, long.MaxValue, long.MinValue, BitConverter.DoubleToInt64Bits(double.NaN), BitConverter.DoubleToInt64Bits(double.PositiveInfinity),
                        BitConverter.DoubleToInt64Bits(-1), BitConverter.DoubleToInt64Bits(1e300), 253402300800000, -62135596800001];
                    for (int i = 0, n = 1 + m.Next(8); i < n; i++) values[m.Next(values.Length)] = m.Pick(odd);
                });
            }
        }
    }

    /// <summary>What the rest of a run relies on: every skip and issue says why, and every series is usable bars.</summary>
    internal static void CheckLoad(LoadResult load)
    {
        foreach (var s in load.Skipped) Assert.False(string.IsNullOrWhiteSpace(s.Reason), $"{s.Symbol} skipped without a reason");
        foreach (var i in load.Issues) Assert.False(string.IsNullOrWhiteSpace(i.Message), $"an issue of {i.File}:{i.Line} without a message");
        foreach (var s in load.Series) CheckSeries(s);
    }

    internal static void CheckSeries(BarSeries s)
    {
        Assert.True(s.Count > 0, $"{s.Symbol}: a series without bars");
        for (int k = 0; k < s.Count; k++)
        {
            Assert.True(k == 0 || s.Times[k] > s.Times[k - 1], $"{s.Symbol}: bar {k} is not after bar {k - 1}");
            Assert.True(s.Times[k] >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && s.Times[k] <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds(),
                $"{s.Symbol}: bar {k}'s time {s.Times[k]} ms is not a date");
            Assert.Null(BarValidator.Check(s.Open[k], s.High[k], s.Low[k], s.Close[k], s.Volume[k]));
        }
    }
}
