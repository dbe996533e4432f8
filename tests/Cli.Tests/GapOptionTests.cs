using System.Text.Json;
using Backtest.Metal;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>
/// --max-gap and --split-at-gaps end to end, on a hand-written CSV whose series jumps 31 days: closes 10..15 on days
/// 0..5, then 30 29 28 29 30 27 on days 36..41 (the series and its trades are worked by hand in the engine tests'
/// GapBars). The strategy is the trend part alone, SMA(1) against SMA(2), at the close, all the cash, no fee.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class GapOptionTests : IDisposable
{
    private static readonly string[] Trend =
    [
        "--sma-fast", "1", "--sma-slow", "2", "--rsi-period", "1", "--bb-period", "1", "--macd-fast", "1", "--macd-slow", "2",
        "--macd-signal", "1", "--w-trend", "1", "--w-rsi", "0", "--w-bb", "0", "--w-macd", "0", "--threshold", "0",
        "--capital", "1000", "--position-size", "1", "--fee-fixed", "0", "--fill", "close",
    ];

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-gaps-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    /// <summary>DIR/GAP.csv (the series with the 31-day jump) and DIR/EVEN.csv (days 0..11, no gap).</summary>
    private string Data()
    {
        string data = Path.Combine(_dir, "data");
        Directory.CreateDirectory(data);
        int[] days = [0, 1, 2, 3, 4, 5, 36, 37, 38, 39, 40, 41];
        double[] closes = [10, 11, 12, 13, 14, 15, 30, 29, 28, 29, 30, 27];
        File.WriteAllLines(Path.Combine(data, "GAP.csv"),
            ["timestamp,open,high,low,close,volume", .. days.Select((d, i) => $"{new DateTime(2024, 1, 1).AddDays(d):yyyy-MM-dd},{closes[i]},{closes[i]},{closes[i]},{closes[i]},100")]);
        File.WriteAllLines(Path.Combine(data, "EVEN.csv"),
            ["timestamp,open,high,low,close,volume", .. Enumerable.Range(0, 12).Select(d => $"{new DateTime(2024, 1, 1).AddDays(d):yyyy-MM-dd},{10 + d},{10 + d},{10 + d},{10 + d},100")]);
        return data;
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllBytes(path)).RootElement;

    public static TheoryData<string, string> Engines()
    {
        var data = new TheoryData<string, string> { { "reference", "f64" }, { "simd", "f64" }, { "simd", "f32" } };
        if (MetalEmulatedEngine.Availability.IsAvailable) data.Add("metal-emulated", "f32");
        return data;
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Run_with_split_at_gaps_closes_the_position_at_the_last_bar_before_the_gap_on_every_engine(string engine, string precision)
    {
        string outDir = Path.Combine(_dir, "out");
        var r = Bt.Run(null, ["run", "--data", Data(), "--split-at-gaps", "--engine", engine, "--precision", precision, "--out", outDir, .. Trend]);
        Assert.True(r.ExitCode == 0, r.ToString());

        // Hand-worked: GAP#1 buys 90 at close 11 (day 1) and is sold at its last bar, close 15 on day 5 (end);
        // GAP#2 buys 34 at close 29 (day 39) and is sold at its last bar, close 27 on day 41 (end). EVEN buys at day 1, sold day 11.
        var trades = File.ReadAllLines(Path.Combine(outDir, "trades.csv")).Skip(1).ToArray();
        Assert.Equal(3, trades.Length);
        Assert.StartsWith("EVEN,long,2024-01-02T00:00:00Z,2024-01-12T00:00:00Z,11,21,90,900,", trades[0], StringComparison.Ordinal);
        Assert.StartsWith("GAP#1,long,2024-01-02T00:00:00Z,2024-01-06T00:00:00Z,11,15,90,360,", trades[1], StringComparison.Ordinal);
        Assert.EndsWith(",end", trades[1], StringComparison.Ordinal);
        Assert.StartsWith("GAP#2,long,2024-02-09T00:00:00Z,2024-02-11T00:00:00Z,29,27,34,-68,", trades[2], StringComparison.Ordinal);
        Assert.EndsWith(",end", trades[2], StringComparison.Ordinal);

        var root = Json(Path.Combine(outDir, "results.json"));
        Assert.Equal(["EVEN", "GAP#1", "GAP#2"], root.GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()));
        Assert.Equal(1360, root.GetProperty("symbols")[1].GetProperty("final_value").GetDouble(), 9);
        Assert.Equal(932, root.GetProperty("symbols")[2].GetProperty("final_value").GetDouble(), 9);
        var gaps = root.GetProperty("load").GetProperty("gaps");
        Assert.Equal(1, gaps.GetProperty("count").GetInt32());
        Assert.True(gaps.GetProperty("split_at_gaps").GetBoolean());
        var gap = gaps.GetProperty("symbols")[0];
        Assert.Equal("GAP", gap.GetProperty("symbol").GetString());
        Assert.Equal(2, gap.GetProperty("segments").GetInt32());
        Assert.Equal("2024-01-06T00:00:00Z", gap.GetProperty("gaps")[0].GetProperty("from").GetString());
        Assert.Equal("2024-02-06T00:00:00Z", gap.GetProperty("gaps")[0].GetProperty("to").GetString());

        Assert.Contains("Gaps longer than 4d: 1 in 1 symbol; each side backtested on its own as SYM#1, SYM#2, ... (--split-at-gaps)", r.Out, StringComparison.Ordinal);
        Assert.Contains("  GAP: 2024-01-06T00:00:00Z .. 2024-02-06T00:00:00Z (31.0 days)", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_without_split_reports_the_gap_and_holds_the_position_across_it()
    {
        string outDir = Path.Combine(_dir, "out");
        var r = Bt.Run(null, ["run", "--data", Data(), "--engine", "reference", "--out", outDir, .. Trend]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var trades = File.ReadAllLines(Path.Combine(outDir, "trades.csv")).Where(l => l.StartsWith("GAP", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, trades.Length);
        Assert.StartsWith("GAP,long,2024-01-02T00:00:00Z,2024-02-07T00:00:00Z,11,29,90,1620,", trades[0], StringComparison.Ordinal);
        Assert.EndsWith(",signal", trades[0], StringComparison.Ordinal);
        Assert.Contains("Gaps longer than 4d: 1 in 1 symbol; positions are held across them; --split-at-gaps backtests each side on its own", r.Out, StringComparison.Ordinal);
        Assert.False(Json(Path.Combine(outDir, "results.json")).GetProperty("load").GetProperty("gaps").GetProperty("split_at_gaps").GetBoolean());
    }

    [Fact]
    public void A_max_gap_in_hours_or_minutes_is_read_and_every_longer_step_reported()
    {
        string outDir = Path.Combine(_dir, "out");
        var r = Bt.Run(null, ["run", "--data", Data(), "--engine", "reference", "--max-gap", "36h", "--out", outDir, .. Trend]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var gaps = Json(Path.Combine(outDir, "results.json")).GetProperty("load").GetProperty("gaps");
        Assert.Equal("36h", gaps.GetProperty("max_gap").GetString());
        Assert.Equal(1, gaps.GetProperty("count").GetInt32());
        r = Bt.Run(null, ["run", "--data", Data(), "--engine", "reference", "--max-gap", "90m", "--out", outDir, .. Trend]);
        Assert.True(r.ExitCode == 0, r.ToString());
        // Every step of daily bars is longer than 90 minutes: 11 in each symbol.
        Assert.Equal(22, Json(Path.Combine(outDir, "results.json")).GetProperty("load").GetProperty("gaps").GetProperty("count").GetInt32());
        Assert.Contains("Gaps longer than 90m: 22 in 2 symbols", r.Out, StringComparison.Ordinal);
        Assert.Contains("... and 17 more in results.json", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("optimize")]
    [InlineData("walkforward")]
    public void A_max_gap_that_is_not_a_duration_exits_2_before_reading_data(string command)
    {
        string[] extra = command == "walkforward" ? ["--train", "10", "--test", "5"] : [];
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, [command, "--data", "/x", "--max-gap", "4 days", .. extra]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("--max-gap must be a duration above 0 and at most 36525d, such as 4d, 36h or 90m (got '4 days').", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void Optimize_reports_the_gap_and_with_split_at_gaps_ranks_each_segment_as_a_symbol()
    {
        string outDir = Path.Combine(_dir, "opt");
        var r = Bt.Run(null, ["optimize", "--data", Data(), "--split-at-gaps", "--grid", "threshold=0,1", "--select", "symbol", "--out", outDir,
            .. Trend.Where((a, i) => a != "--threshold" && (i == 0 || Trend[i - 1] != "--threshold"))]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var root = Json(Path.Combine(outDir, "optimize.json"));
        Assert.Equal(1, root.GetProperty("load").GetProperty("gaps").GetProperty("count").GetInt32());
        Assert.Contains("Gaps longer than 4d: 1 in 1 symbol; each side backtested on its own", r.Out, StringComparison.Ordinal);
        Assert.Contains("Symbols: 3", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Walkforward_reports_the_gap_in_its_json_and_on_the_console()
    {
        string outDir = Path.Combine(_dir, "wf");
        var r = Bt.Run(null, ["walkforward", "--data", Data(), "--split-at-gaps", "--train", "3", "--test", "3", "--grid", "w-trend=1,2", "--out", outDir,
            .. Trend.Where((a, i) => a != "--w-trend" && (i == 0 || Trend[i - 1] != "--w-trend"))]);
        Assert.True(r.ExitCode == 0, r.ToString());
        var root = Json(Path.Combine(outDir, "walkforward.json"));
        Assert.Equal(1, root.GetProperty("load").GetProperty("gaps").GetProperty("count").GetInt32());
        Assert.Contains("Gaps longer than 4d: 1 in 1 symbol; each side backtested on its own", r.Out, StringComparison.Ordinal);
    }
}
