using BenchmarkDotNet.Attributes;
using Backtest.Data;
using Backtest.Data.Cache;
using Backtest.Data.Sources;
using Backtest.Data.Synthetic;
using Parquet;
using Parquet.Schema;

namespace Backtest.Benchmarks;

/// <summary>
/// Loading the same bars from each file source: 64 synthetic symbols x 20 days (499,200 bars; 24 MB of bar data at
/// 48 bytes a bar) as CSV files, Parquet files and a bar cache, read whole into series. CSV is the baseline.
/// The throughput figures come from `bt data scan` on larger universes (README); this tracks regressions.
/// </summary>
[MemoryDiagnoser]
public class DataBenchmarks
{
    private string _root = "";
    private string _csv = "", _parquet = "", _cache = "";

    [Params(64)]
    public int Symbols { get; set; }

    [Params(20)]
    public int Days { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "bt-data-bench-" + Guid.NewGuid().ToString("N"));
        _csv = Path.Combine(_root, "csv");
        _parquet = Path.Combine(_root, "parquet");
        _cache = Path.Combine(_root, "bars.btcache");
        var options = new SyntheticUniverseOptions { Symbols = Symbols, Days = Days };
        SyntheticCsvWriter.Write(options, _csv);
        Directory.CreateDirectory(_parquet);
        foreach (var s in SyntheticUniverse.Generate(options)) WriteParquet(Path.Combine(_parquet, s.Symbol + ".parquet"), s);
        using var files = new FileBarSource(_csv);
        BarCacheWriter.Import(files, new LoadRequest { Path = _csv }, _cache, 1L << 30, batchSize: null);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    [Benchmark(Baseline = true)]
    public long Csv() => BarLoader.Load(new LoadRequest { Path = _csv }).Series.Sum(s => (long)s.Count);

    [Benchmark]
    public long Parquet() => BarLoader.Load(new LoadRequest { Path = _parquet }).Series.Sum(s => (long)s.Count);

    [Benchmark]
    public long Cache()
    {
        using var source = new CacheBarSource(BarCache.Open(_cache));
        var plan = source.Plan(new LoadRequest { Path = _cache }, CancellationToken.None);
        return source.LoadBatch(plan, 0, plan.Symbols.Count, plan.Window, CancellationToken.None).Series.Sum(s => (long)s.Count);
    }

    private static void WriteParquet(string path, BarSeries s)
    {
        var time = new DateTimeDataField("timestamp", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Millis);
        var fields = new[] { new DataField<double>("open"), new DataField<double>("high"), new DataField<double>("low"), new DataField<double>("close"), new DataField<double>("volume") };
        using var stream = File.Create(path);
        var writer = ParquetWriter.CreateAsync(new ParquetSchema([time, .. fields]), stream).GetAwaiter().GetResult();
        using (var g = writer.CreateRowGroup())
        {
            g.WriteAsync<DateTime>(time, s.Times.Select(t => DateTime.UnixEpoch.AddMilliseconds(t)).ToArray()).GetAwaiter().GetResult();
            double[][] columns = [s.Open, s.High, s.Low, s.Close, s.Volume];
            for (int f = 0; f < fields.Length; f++) g.WriteAsync<double>(fields[f], columns[f]).GetAwaiter().GetResult();
        }
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
