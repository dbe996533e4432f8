using System.Text.Json;
using Backtest.Data.Synthetic;
using Backtest.Tests;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>
/// `--data FILE` (one per-symbol file, or one file holding several symbols in a symbol column) and directories that
/// hold multi-symbol files work in every command that reads bars, in one batch or several, and give the results
/// the same bars give from a directory of per-symbol files.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SingleFileDataTests : IDisposable
{
    private static readonly string[] Strategy = ["--threshold", "2", "--fill", "close", "--engine", "simd"];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-single-" + Guid.NewGuid().ToString("N"));
    private readonly string _perSymbol;
    private readonly IReadOnlyList<Backtest.Data.BarSeries> _bars = TestBars.Ragged(4, 8);

    public SingleFileDataTests()
    {
        _perSymbol = Path.Combine(_dir, "per-symbol");
        TestBars.WriteCsv(_perSymbol, _bars);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string At(string name) => Path.Combine(_dir, name);

    /// <summary>All symbols' rows in one CSV file, a <c>symbol</c> column naming each row's symbol, symbols interleaved by time.</summary>
    private string MultiSymbolCsv(string path, IEnumerable<string>? only = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rows = new List<(string Line, int Order)>();
        foreach (var s in _bars.Where(b => only == null || only.Contains(b.Symbol)))
        {
            int k = 0;
            foreach (var line in File.ReadLines(Path.Combine(_perSymbol, s.Symbol + ".csv")).Skip(1))
                rows.Add(($"{line},{s.Symbol}", k++));
        }
        File.WriteAllLines(path, [SyntheticCsvWriter.Header + ",symbol", .. rows.OrderBy(r => r.Order).Select(r => r.Line)]);
        return path;
    }

    private BtResult Run(string data, string outName, params string[] more) =>
        Bt.Run(null, ["run", "--data", data, "--out", At(outName), "--quiet", .. Strategy, .. more]);

    private string Results(string outName) => TestBars.Comparable(Path.Combine(At(outName), "results.json"));

    /// <summary>The run on the per-symbol directory (the path that always worked) with only <paramref name="tickers"/>.</summary>
    private string Expected(string tickers)
    {
        var r = Run(_perSymbol, "expected-" + tickers, "--tickers", TickersFile(tickers));
        Assert.True(r.ExitCode == 0, r.ToString());
        return Results("expected-" + tickers);
    }

    /// <summary>--tickers takes a file: one symbol a line.</summary>
    private string TickersFile(string commaSeparated)
    {
        string path = At("tickers-" + commaSeparated.Replace(',', '-') + ".txt");
        Directory.CreateDirectory(_dir);
        File.WriteAllLines(path, commaSeparated.Split(','));
        return path;
    }

    private static string[] Symbols(string resultsJson) =>
        JsonDocument.Parse(File.ReadAllBytes(resultsJson)).RootElement.GetProperty("symbols").EnumerateArray()
            .Select(s => s.GetProperty("symbol").GetString()!).ToArray();

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("1")]
    public void Run_reads_one_per_symbol_csv_file_named_after_its_symbol(string? batchSize)
    {
        string file = Path.Combine(_perSymbol, "SYN0001.csv");
        var r = Run(file, "one", batchSize is null ? [] : ["--batch-size", batchSize]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["SYN0001"], Symbols(Path.Combine(At("one"), "results.json")));
        Assert.Equal(Expected("SYN0001"), Results("one"));
    }

    [Fact]
    public void Run_reads_one_per_symbol_parquet_file()
    {
        string pq = At("pq");
        TestBars.WriteParquet(pq, _bars.Take(1), rowGroupSize: 100);
        var r = Run(Path.Combine(pq, "SYN0001.parquet"), "pq-out");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Expected("SYN0001"), Results("pq-out"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("3")]
    public void Run_reads_one_file_of_several_symbols_in_any_number_of_batches(string? batchSize)
    {
        string file = MultiSymbolCsv(At("all.csv"));
        var r = Run(file, "multi", batchSize is null ? [] : ["--batch-size", batchSize]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["SYN0001", "SYN0002", "SYN0003", "SYN0004"], Symbols(Path.Combine(At("multi"), "results.json")));
        Assert.Equal(Expected("SYN0001,SYN0002,SYN0003,SYN0004"), Results("multi"));
    }

    [Fact]
    public void Run_selects_tickers_and_a_limit_from_one_multi_symbol_file()
    {
        string file = MultiSymbolCsv(At("all.csv"));
        var r = Run(file, "sel", "--tickers", TickersFile("SYN0004,NOPE,SYN0002"), "--batch-size", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(At("sel"), "results.json"))).RootElement;
        Assert.Equal(["SYN0004", "SYN0002"], json.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()));
        var skipped = json.GetProperty("skipped").EnumerateArray().ToArray();
        Assert.Equal("NOPE", Assert.Single(skipped).GetProperty("symbol").GetString());

        r = Run(file, "limit", "--limit", "2", "--batch-size", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["SYN0001", "SYN0002"], Symbols(Path.Combine(At("limit"), "results.json")));
    }

    [Fact]
    public void Parquet_file_of_several_symbols_reads_in_batches()
    {
        string pq = At("multi.parquet");
        TestBars.WriteParquetFile(pq, _bars, symbolColumn: true, rowGroupSize: 500);
        var r = Run(pq, "pq-multi", "--batch-size", "1");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Expected("SYN0001,SYN0002,SYN0003,SYN0004"), Results("pq-multi"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    [InlineData("2")]
    public void Run_reads_a_directory_where_one_file_holds_several_symbols(string? batchSize)
    {
        // SYN0001 and SYN0002 in their own files; SYN0003 and SYN0004 only in MIXED.csv.
        string dir = At("mixed-dir");
        Directory.CreateDirectory(dir);
        foreach (var s in new[] { "SYN0001", "SYN0002" }) File.Copy(Path.Combine(_perSymbol, s + ".csv"), Path.Combine(dir, s + ".csv"));
        MultiSymbolCsv(Path.Combine(dir, "MIXED.csv"), ["SYN0003", "SYN0004"]);
        var r = Run(dir, "mixed", batchSize is null ? [] : ["--batch-size", batchSize]);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Expected("SYN0001,SYN0002,SYN0003,SYN0004"), Results("mixed"));
    }

    [Fact]
    public void Optimize_and_walkforward_read_one_multi_symbol_file()
    {
        string file = MultiSymbolCsv(At("all.csv"));
        var o = Bt.Run(null, "optimize", "--data", file, "--grid", "sma-fast=5,10", "--threshold", "2", "--out", At("opt"), "--quiet");
        Assert.True(o.ExitCode == 0, o.ToString());
        var best = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(At("opt"), "optimize.json"))).RootElement.GetProperty("best");
        Assert.Equal(4, best.GetProperty("symbols").GetInt32());

        var w = Bt.Run(null, "walkforward", "--data", file, "--train", "3", "--test", "2", "--grid", "sma-fast=5,10", "--threshold", "2",
            "--out", At("wf"), "--quiet");
        Assert.True(w.ExitCode == 0, w.ToString());
        Assert.True(File.Exists(Path.Combine(At("wf"), "walkforward.json")));

        var one = Bt.Run(null, "optimize", "--data", Path.Combine(_perSymbol, "SYN0002.csv"), "--grid", "sma-fast=5,10", "--threshold", "2",
            "--out", At("opt-one"), "--quiet");
        Assert.True(one.ExitCode == 0, one.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    public void Import_and_scan_read_one_multi_symbol_file(string? batchSize)
    {
        string file = MultiSymbolCsv(At("all.csv"));
        string[] batch = batchSize is null ? [] : ["--batch-size", batchSize];
        var scan = Bt.Run(null, ["data", "scan", file, .. batch]);
        Assert.True(scan.ExitCode == 0, scan.ToString());
        long bars = _bars.Sum(s => (long)s.Count);
        Assert.Contains($"4 symbols, {bars:N0} bars", scan.Out, StringComparison.Ordinal);

        string cache = At("all.btcache");
        var import = Bt.Run(null, ["data", "import", file, "--out", cache, "--quiet", .. batch]);
        Assert.True(import.ExitCode == 0, import.ToString());
        var r = Run(cache, "from-cache");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Expected("SYN0001,SYN0002,SYN0003,SYN0004"), Results("from-cache"));

        var one = Bt.Run(null, ["data", "scan", Path.Combine(_perSymbol, "SYN0001.csv"), .. batch]);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains($"1 symbols, {_bars[0].Count:N0} bars", one.Out, StringComparison.Ordinal);
        var importOne = Bt.Run(null, ["data", "import", Path.Combine(_perSymbol, "SYN0001.csv"), "--out", At("one.btcache"), "--quiet", .. batch]);
        Assert.True(importOne.ExitCode == 0, importOne.ToString());
    }
}
