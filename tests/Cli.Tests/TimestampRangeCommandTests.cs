using System.Text.Json;
using Backtest.Tests;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>Epochs outside the dates .NET holds and windows reaching past them never crash a command.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class TimestampRangeCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-range-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private string At(string name) => Path.Combine(_dir, name);

    /// <summary>Two symbols' CSV files; SYN0001.csv gets a row dated 9e21 ns after 1970 (year ~287,000) on line 2.</summary>
    private string DataWithAFarFutureRow()
    {
        string data = At("data");
        TestBars.WriteCsv(data, TestBars.Ragged(2, 3));
        string file = Path.Combine(data, "SYN0001.csv");
        var lines = File.ReadAllLines(file).ToList();
        lines.Insert(1, "9000000000000000000000.0,10,11,9,10.5,100");
        File.WriteAllLines(file, lines);
        return data;
    }

    [Fact]
    public void Run_and_import_refuse_the_row_and_report_it_with_file_and_line()
    {
        string data = DataWithAFarFutureRow();
        var r = Bt.Run(null, "run", "--data", data, "--threshold", "2", "--out", At("run"), "--quiet");
        Assert.True(r.ExitCode == 0, r.ToString());
        var load = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(At("run"), "results.json"))).RootElement.GetProperty("load");
        Assert.Equal(1, load.GetProperty("invalid_rows").GetInt32());

        string cache = At("bars.btcache");
        var import = Bt.Run(null, "data", "import", data, "--out", cache, "--quiet");
        Assert.True(import.ExitCode == 0, import.ToString());
        var fromCache = Bt.Run(null, "run", "--data", cache, "--threshold", "2", "--out", At("cached"), "--quiet");
        Assert.True(fromCache.ExitCode == 0, fromCache.ToString());
        var cached = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(At("cached"), "results.json"))).RootElement.GetProperty("load");
        Assert.Equal(1, cached.GetProperty("invalid_rows").GetInt32());
        Assert.Contains("SYN0001.csv:2: timestamp '9000000000000000000000.0' is outside the dates bt can hold",
            File.ReadAllText(Path.Combine(At("cached"), "load_issues.txt")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    public void Days_beyond_the_first_date_keep_every_bar(string? batchSize)
    {
        string data = At("data");
        TestBars.WriteCsv(data, TestBars.Ragged(2, 3));
        var all = Bt.Run(null, "run", "--data", data, "--threshold", "2", "--out", At("all"), "--quiet");
        Assert.True(all.ExitCode == 0, all.ToString());
        var r = Bt.Run(null, ["run", "--data", data, "--days", "100000000", "--threshold", "2", "--out", At("days"), "--quiet",
            .. batchSize is null ? Array.Empty<string>() : ["--batch-size", batchSize]]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var run = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(At("days"), "results.json"))).RootElement.GetProperty("run");
        Assert.Equal("0001-01-01T00:00:00Z", run.GetProperty("window").GetProperty("start").GetString());
        var bars = (string dir) => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(At(dir), "results.json"))).RootElement.GetProperty("run").GetProperty("bars").GetInt64();
        Assert.Equal(bars("all"), bars("days"));
    }

    [Fact]
    public void A_start_outside_the_dates_is_a_usage_error()
    {
        var r = Bt.Run(null, "run", "--data", At("nowhere"), "--start", "-99999999999", "--out", At("x"));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("outside the dates bt can hold", r.Error, StringComparison.Ordinal);
    }
}
