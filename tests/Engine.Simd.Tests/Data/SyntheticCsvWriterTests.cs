using System.Globalization;
using System.Text.Json;
using Backtest.Data;
using Backtest.Data.Synthetic;
using Xunit;

namespace Backtest.Tests.Data;

public sealed class SyntheticCsvWriterTests : IDisposable
{
    private static readonly SyntheticUniverseOptions Small = new() { Symbols = 20, Days = 5, Seed = 7 };
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "bt-synth-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Written_files_parse_back_to_the_generated_bars_bit_for_bit()
    {
        var result = SyntheticTestData.Write(Small, _directory);
        var generated = SyntheticTestData.Generate(Small);

        Assert.Equal(20, result.Files);
        Assert.Equal(20L * 5 * 390, result.Bars);
        foreach (var series in generated)
            SyntheticUniverseDeterminismTests.AssertBitIdentical(series, ReadCsv(Path.Combine(_directory, series.Symbol + ".csv")));
    }

    [Fact]
    public void The_directory_holds_one_csv_per_symbol_and_the_description_and_no_temporary_files()
    {
        SyntheticTestData.Write(Small, _directory);

        var names = Directory.GetFiles(_directory).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var expected = Enumerable.Range(0, 20).Select(i => SyntheticUniverse.SymbolName(i) + ".csv")
            .Append(SyntheticCsvWriter.DescriptionFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, names);
    }

    [Fact]
    public void Files_start_with_the_standard_header_and_iso_utc_timestamps()
    {
        SyntheticTestData.Write(Small with { Symbols = 1 }, _directory);

        var lines = File.ReadAllLines(Path.Combine(_directory, "SYN0001.csv"));
        Assert.Equal("timestamp,open,high,low,close,volume", lines[0]);
        Assert.StartsWith("2024-01-02T14:30:00Z,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("2024-01-08T20:59:00Z,", lines[^1], StringComparison.Ordinal);
        Assert.Equal(1 + 5 * 390, lines.Length);
    }

    [Fact]
    public void Rewriting_a_directory_replaces_the_files_and_gives_identical_bytes()
    {
        SyntheticTestData.Write(Small with { Symbols = 3 }, _directory);
        var first = File.ReadAllBytes(Path.Combine(_directory, "SYN0002.csv"));

        SyntheticTestData.Write(Small with { Symbols = 3 }, _directory);
        var second = File.ReadAllBytes(Path.Combine(_directory, "SYN0002.csv"));

        Assert.Equal(first, second);
        Assert.Equal(4, Directory.GetFiles(_directory).Length);
    }

    [Fact]
    public void The_description_records_the_options()
    {
        SyntheticTestData.Write(Small with { Symbols = 2 }, _directory);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_directory, SyntheticCsvWriter.DescriptionFileName)));
        var root = json.RootElement;
        Assert.Equal(7UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(2, root.GetProperty("symbols").GetInt32());
        Assert.Equal(5, root.GetProperty("days").GetInt32());
        Assert.Equal("2024-01-02", root.GetProperty("startDate").GetString());
        Assert.Equal(390, root.GetProperty("barsPerDay").GetInt32());
    }

    // A deliberately plain reader: split on ',' and parse invariant, as any CSV loader would.
    private static BarSeries ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        Assert.Equal(SyntheticCsvWriter.Header, lines[0]);
        int n = lines.Length - 1;
        var times = new long[n];
        var open = new double[n];
        var high = new double[n];
        var low = new double[n];
        var close = new double[n];
        var volume = new double[n];
        for (int k = 0; k < n; k++)
        {
            var f = lines[k + 1].Split(',');
            Assert.Equal(6, f.Length);
            times[k] = DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeMilliseconds();
            open[k] = double.Parse(f[1], CultureInfo.InvariantCulture);
            high[k] = double.Parse(f[2], CultureInfo.InvariantCulture);
            low[k] = double.Parse(f[3], CultureInfo.InvariantCulture);
            close[k] = double.Parse(f[4], CultureInfo.InvariantCulture);
            volume[k] = double.Parse(f[5], CultureInfo.InvariantCulture);
        }
        return new BarSeries(Path.GetFileNameWithoutExtension(path), times, open, high, low, close, volume);
    }
}
