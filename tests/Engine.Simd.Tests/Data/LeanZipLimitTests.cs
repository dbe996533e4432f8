using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Backtest.Data;
using Backtest.Data.Sources;
using Backtest.Engines;
using Backtest.Runs;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>
/// A LEAN zip is inflated only up to the read limit the memory budget gives (a sixth of it): a zip that declares more
/// is refused before inflating, and one whose header lies is stopped by counting, so a zip bomb costs a bounded amount.
/// </summary>
public sealed class LeanZipLimitTests : IDisposable
{
    // 09:30 New York on 2024-01-02 is 14:30 UTC; prices in deci-cents.
    private const string Row = "34200000,1674100,1675000,1673000,1674500,100\n";

    /// <summary>6,000,000 / 6: one zip entry may hold 1,000,000 bytes.</summary>
    private const long Budget = 6_000_000;

    private readonly TempFolder _dir = new();
    private readonly string _spy;

    public LeanZipLimitTests()
    {
        _spy = Path.Combine(_dir.Path, "equity", "usa", "minute", "spy");
        Directory.CreateDirectory(_spy);
        WriteZip("20240102", Row);
    }

    public void Dispose() => _dir.Dispose();

    private string WriteZip(string day, string csv)
    {
        string zip = Path.Combine(_spy, $"{day}_trade.zip");
        using var archive = ZipFile.Open(zip, ZipArchiveMode.Create);
        using var entry = archive.CreateEntry($"{day}_spy_minute_trade.csv", CompressionLevel.Optimal).Open();
        entry.Write(Encoding.ASCII.GetBytes(csv));
        return zip;
    }

    private static string Bomb(int bytes) => string.Concat(Enumerable.Repeat(Row, bytes / Row.Length + 1));

    private LoadResult Load() => BarLoader.Load(new LoadRequest { Path = _spy, MemoryBudget = Budget }, TestContext.Current.CancellationToken);

    [Fact]
    public void A_zip_declaring_more_than_the_limit_is_refused_before_inflating_and_the_other_days_load()
    {
        string csv = Bomb(2_000_000);
        string bomb = WriteZip("20240103", csv);
        Assert.True(new FileInfo(bomb).Length < 100_000, "the crafted zip should be small");

        var r = Load();

        var spy = Assert.Single(r.Series);
        Assert.Equal(("SPY", 1), (spy.Symbol, spy.Count));
        Assert.Equal(167.41, spy.Open[0]);
        var issue = Assert.Single(r.Issues);
        Assert.Equal(bomb, issue.File);
        Assert.Equal($"cannot read the zip: its 20240103_spy_minute_trade.csv is {csv.Length:N0} bytes, more than the 1,000,000 bytes one file may hold in memory " +
            "under the memory budget of 6 MiB (a sixth of it; raise --memory-budget to read it)", issue.Message);
    }

    [Fact]
    public void A_run_bounds_its_zips_by_its_own_memory_budget()
    {
        // The load request names no budget: the run's 6,000,000 bytes bound the zip's entry.
        WriteZip("20240103", Bomb(2_000_000));
        using var source = new FileBarSource(_spy);

        var (outcome, _) = BatchedRunService.Run(new BatchedRunRequest
        {
            Source = source,
            Load = new LoadRequest { Path = _spy },
            Parameters = StrategyParameters.Default,
            Engine = new ReferenceEngine(),
            MemoryBudget = Budget,
        }, TestContext.Current.CancellationToken);

        var issue = Assert.Single(outcome.Report.Load.Issues);
        Assert.Contains("more than the 1,000,000 bytes one file may hold in memory under the memory budget of 6 MiB", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_whose_header_understates_its_size_is_read_no_further_than_its_header_says()
    {
        // .NET's inflater stops at the size the zip declares (and the loader would stop at the limit by counting):
        // of 2 MB, 100 bytes are read: rows 1 and 2 (46 bytes each, the same minute: one bar, one duplicate) and
        // 8 bytes of row 3, which is invalid.
        string bomb = WriteZip("20240103", Bomb(2_000_000));
        DeclareUncompressedSize(bomb, 100);

        var r = Load();

        Assert.Equal(2, Assert.Single(r.Series).Count);
        Assert.Equal(1, r.Duplicates);
        var issue = Assert.Single(r.Issues);
        Assert.Equal($"{bomb}:3: expected ms, open, high, low, close[, volume]", issue.ToString());
    }

    /// <summary>Rewrites the uncompressed size in the local header and the central directory of a one-entry zip.</summary>
    private static void DeclareUncompressedSize(string zip, uint size)
    {
        var bytes = File.ReadAllBytes(zip);
        int local = IndexOf(bytes, 0x04034b50, 0);
        int central = IndexOf(bytes, 0x02014b50, local + 4);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(local + 22), size);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), size);
        File.WriteAllBytes(zip, bytes);
    }

    private static int IndexOf(byte[] bytes, uint signature, int from)
    {
        for (int i = from; i + 4 <= bytes.Length; i++)
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i)) == signature) return i;
        throw new InvalidOperationException($"no signature {signature:x8} in the zip");
    }
}
