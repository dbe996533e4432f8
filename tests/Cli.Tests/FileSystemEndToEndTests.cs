using System.Text.Json;
using Backtest.Tests;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>
/// A data folder holding a FIFO and a file whose name is not UTF-8 runs to the end: both are skipped with why, counted
/// in results.json and on the console, and the other symbols are backtested.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class FileSystemEndToEndTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-fs-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => UnixFiles.DeleteTree(_dir);

    /// <summary>Runs bt in-process, failing the test instead of hanging when it does not finish.</summary>
    private static async Task<BtResult> RunWithin(TimeSpan patience, params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Task.Run(() => Bt.Run(null, args), ct);
        Assert.True(await Task.WhenAny(run, Task.Delay(patience, ct)) == run, $"bt {string.Join(' ', args)} did not finish within {patience.TotalSeconds} s");
        return await run;
    }

    [Fact]
    public async Task Bt_run_on_a_fifo_exits_1_with_one_line_instead_of_waiting_for_a_writer()
    {
        Directory.CreateDirectory(_dir);
        string fifo = Path.Combine(_dir, "PIPE.csv");
        UnixFiles.MakeFifo(fifo);

        // The cache check opened the path to read its header: that open waited for a writer forever.
        var r = await RunWithin(TimeSpan.FromSeconds(60), "run", "--data", fifo, "--out", Path.Combine(_dir, "out"));

        Assert.True(r.ExitCode == 1, r.ToString());
        Assert.Equal($"bt run: cannot read '{fifo}': not a regular file: it is a FIFO (named pipe).", r.Error.TrimEnd('\n').Split('\n')[^1]);
    }

    [Fact]
    public async Task Bt_data_scan_and_import_go_on_past_a_name_that_is_not_utf8()
    {
        // Planning sized batches from every file's length and threw on the name it could not open.
        string data = Path.Combine(_dir, "data");
        TestBars.WriteCsv(data, TestBars.Ragged(2, 1));
        UnixFiles.MakeNonUtf8File(data, "BAD.csv");

        var scan = await RunWithin(TimeSpan.FromSeconds(60), "data", "scan", data);
        Assert.True(scan.ExitCode == 0, scan.ToString());
        Assert.EndsWith("0 skipped, 0 load issue(s), 1 skipped file(s) (see docs/data.md).\n", scan.Out, StringComparison.Ordinal);

        var import = await RunWithin(TimeSpan.FromSeconds(60), "data", "import", data, "--out", Path.Combine(_dir, "bars.btcache"), "--quiet");
        Assert.True(import.ExitCode == 0, import.ToString());
    }

    [Fact]
    public async Task Bt_run_skips_a_fifo_and_a_non_utf8_name_and_reports_both()
    {
        string data = Path.Combine(_dir, "data"), outDir = Path.Combine(_dir, "out");
        TestBars.WriteCsv(data, TestBars.Ragged(2, 3));
        UnixFiles.MakeFifo(Path.Combine(data, "FIFO.csv"));
        UnixFiles.MakeNonUtf8File(data, "BAD.csv");

        var r = await RunWithin(TimeSpan.FromSeconds(120), "run", "--data", data, "--out", outDir);

        Assert.True(r.ExitCode == 0, r.ToString());
        string bad = Path.Combine(data, "\uFFFDBAD.csv");
        Assert.Contains($"Skipped files: 1\n  {bad}: skipped: its name is not valid UTF-8, so it cannot be opened by name (rename it)\n", r.Out, StringComparison.Ordinal);
        Assert.Contains("  FIFO: unreadable file: cannot read the file: not a regular file: it is a FIFO (named pipe)\n", r.Out, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "results.json")));
        var root = json.RootElement;
        Assert.Equal(["SYN0001", "SYN0002"], root.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()));
        Assert.Equal("FIFO", root.GetProperty("skipped")[0].GetProperty("symbol").GetString());
        var file = Assert.Single(root.GetProperty("load").GetProperty("skipped_files").EnumerateArray());
        Assert.Equal(bad, file.GetProperty("path").GetString());
        Assert.Equal("skipped: its name is not valid UTF-8, so it cannot be opened by name (rename it)", file.GetProperty("reason").GetString());
    }
}
