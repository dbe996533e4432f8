using System.Text.Json.Nodes;
using Backtest.Data;
using Backtest.Data.Cache;
using Backtest.Data.Sources;
using Backtest.Tests.Data;
using Xunit;
using static Backtest.Tests.Sources.CacheSurgery;

namespace Backtest.Tests.Sources;

/// <summary>
/// A crafted or damaged bar cache, one header or metadata field at a time, checksums recomputed so that only the
/// field's own validation can catch it: every one is refused on open by a <see cref="DataLoadException"/> that says
/// the cache is damaged and names the field, never a crash or an exception of the runtime.
/// </summary>
public sealed class BarCacheDamageTests : IDisposable
{
    private static readonly Lazy<byte[]> Good = new(BuildGoodCache);
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>11 ragged symbols in blocks of 4 (three blocks), one invalid row imported as an issue of SYN0003.</summary>
    private static byte[] BuildGoodCache()
    {
        using var dir = new TempFolder();
        string csv = Path.Combine(dir.Path, "csv");
        TestBars.WriteCsv(csv, TestBars.Ragged(11, 2));
        File.AppendAllText(Path.Combine(csv, "SYN0003.csv"), "2030-01-01T00:00:00Z,10,9,10,10,5\n");
        string cache = Path.Combine(dir.Path, "good.btcache");
        using (var source = new FileBarSource(csv))
            BarCacheWriter.Import(source, new LoadRequest { Path = csv }, cache, 1L << 30, 4, cancellationToken: CancellationToken.None);
        return File.ReadAllBytes(cache);
    }

    private static byte[] Header(int at, long value, int size = 8)
    {
        var file = (byte[])Good.Value.Clone();
        SetHeader(file, at, value, size);
        return file;
    }

    private static byte[] Meta(Action<JsonObject> edit) => EditMeta(Good.Value, edit);

    private static JsonNode Block0(JsonObject m) => m["blocks"]![0]!;

    private static JsonNode Symbol0(JsonObject m) => m["symbols"]![0]!;

    private static long Length => Good.Value.LongLength;

    private static long MetaOffset => ReadHeader64(Good.Value, MetaOffsetAt);

    /// <summary>Each damage and a fragment the refusal must contain.</summary>
    public static TheoryData<string> Damages => [.. Cases.Keys];

    private static readonly Dictionary<string, (Func<byte[]> Make, string Says)> Cases = new()
    {
        ["page size not 4096"] = (() => Header(PageSizeAt, 512, 4), "page size 512"),
        ["reserved header bytes not zero"] = (() => Header(ReservedAt, 1, 4), "reserved"),
        ["file length negative"] = (() => Header(FileLengthAt, -1), "header says -1"),
        ["block count negative"] = (() => Header(BlockCountAt, -1, 4), "block count"),
        ["metadata length negative, offset past the end"] = (() =>
        {
            var f = Header(MetaOffsetAt, Length + 64);
            SetHeader(f, MetaLengthAt, -64);
            return f;
        }, "metadata lies outside the file"),
        ["metadata offset near long.MaxValue, the sum wrapping to the length"] = (() =>
        {
            var f = Header(MetaOffsetAt, long.MaxValue);
            SetHeader(f, MetaLengthAt, unchecked(Length - long.MaxValue));
            return f;
        }, "metadata lies outside the file"),
        ["metadata offset inside the header"] = (() =>
        {
            var f = Header(MetaOffsetAt, 100);
            SetHeader(f, MetaLengthAt, Length - 100);
            return f;
        }, "metadata lies outside the file"),
        ["block field bytes whose six fields overflow"] = (() => Meta(m => Block0(m)["field_bytes"] = (long.MaxValue / 3) + 1), "block 0"),
        ["block stride and lanes negative"] = (() => Meta(m => { Block0(m)["stride"] = -8; Block0(m)["lanes"] = -8; }), "block 0"),
        ["block stride not the lanes rounded up to 8"] = (() => Meta(m => Block0(m)["stride"] = 16), "block 0"),
        ["block rows times stride overflowing"] = (() => Meta(m =>
        {
            Block0(m)["rows"] = int.MaxValue;
            Block0(m)["lanes"] = int.MaxValue - 7;
            Block0(m)["stride"] = int.MaxValue - 7;
        }), "block 0"),
        ["block rows zero"] = (() => Meta(m => Block0(m)["rows"] = 0), "block 0"),
        ["block offset near long.MaxValue"] = (() => Meta(m => Block0(m)["offset"] = long.MaxValue - 4095), "block 0"),
        ["block offset negative"] = (() => Meta(m => Block0(m)["offset"] = -4096), "block 0"),
        ["block offset not on a page"] = (() => Meta(m => Block0(m)["offset"] = (long)Block0(m)["offset"]! + 8), "block 0"),
        ["block overlapping the one before"] = (() => Meta(m => m["blocks"]![1]!["offset"] = (long)Block0(m)["offset"]!), "block 1"),
        ["block hashes null"] = (() => Meta(m => Block0(m)["hashes"] = null), "$.blocks[0].hashes"),
        ["block hashes too few"] = (() => Meta(m => Block0(m)["hashes"] = new JsonArray(1, 2)), "block 0"),
        ["block entry null"] = (() => Meta(m => m["blocks"]![0] = null), "block 0"),
        ["symbol name null"] = (() => Meta(m => Symbol0(m)["symbol"] = null), "$.symbols[0].symbol"),
        ["symbol name empty"] = (() => Meta(m => Symbol0(m)["symbol"] = ""), "symbol 0"),
        ["symbol entry null"] = (() => Meta(m => m["symbols"]![0] = null), "symbol 0"),
        ["symbol bars negative"] = (() => Meta(m => Symbol0(m)["bars"] = -3), "symbol SYN000"),
        ["symbol bars past its block's rows"] = (() => Meta(m => Symbol0(m)["bars"] = 1_000_000), "symbol SYN000"),
        ["symbol block past the blocks"] = (() => Meta(m => Symbol0(m)["block"] = 99), "symbol SYN000"),
        ["symbol lane past its block's lanes"] = (() => Meta(m => Symbol0(m)["lane"] = 7), "symbol SYN000"),
        ["symbol first issue past the issues"] = (() => Meta(m => { Symbol0(m)["first_issue"] = 10_000; Symbol0(m)["issue_count"] = 1; }), "symbol SYN000"),
        ["symbol issue count negative"] = (() => Meta(m => Symbol0(m)["issue_count"] = -1), "symbol SYN000"),
        ["symbol issue range overflowing int"] = (() => Meta(m => { Symbol0(m)["first_issue"] = int.MaxValue; Symbol0(m)["issue_count"] = 2; }), "symbol SYN000"),
        ["symbol rows read negative"] = (() => Meta(m => Symbol0(m)["rows_read"] = -1), "symbol SYN000"),
        ["issues null"] = (() => Meta(m => m["issues"] = null), "issues"),
        ["issue entry null"] = (() => Meta(m => m["issues"]![0] = null), "issue 0"),
        ["issue message null"] = (() => Meta(m => m["issues"]![0]!["message"] = null), "$.issues[0].message"),
        ["source start out of the range of dates"] = (() => Meta(m => m["source"]!["start_ms"] = long.MaxValue), "start"),
        ["source end out of the range of dates"] = (() => Meta(m => m["source"]!["end_ms"] = long.MinValue), "end"),
        ["source fingerprint null"] = (() => Meta(m => m["source"]!["fingerprint"] = null), "fingerprint"),
        ["source location null"] = (() => Meta(m => m["source"]!["location"] = null), "location"),
        ["source null"] = (() => Meta(m => m["source"] = null), "source"),
        ["a bar time past the last date, its block's hash recomputed"] = (() => EditField(Good.Value, 0, 0, t => t[5 * 8] = 253402300800000), "is not a date"),
        ["a lane's last bar time past the last date, its block's hash recomputed"] = (() => EditField(Good.Value, 0, 0, t => t[779 * 8] = long.MaxValue), "is not a date"),
        ["a lane's first bar time before the first date, its block's hash recomputed"] = (() => EditField(Good.Value, 0, 0, t => t[0] = long.MinValue), "is not a date"),
        ["two bars at the same time, its block's hash recomputed"] = (() => EditField(Good.Value, 1, 0, t => t[3 * 8] = t[2 * 8]), "is not after the bar before it"),
        ["a negative close, its block's hash recomputed"] = (() => EditField(Good.Value, 2, 4, c => c[1 * 8] = BitConverter.DoubleToInt64Bits(-1)), "close -1 is not positive"),
        ["metadata not an object"] = (() => WithMeta(Good.Value, "[1,2,3]"), "metadata"),
        ["metadata nested past any sense"] = (() => WithMeta(Good.Value, new string('[', 5000) + new string(']', 5000)), "metadata"),
        ["created time null"] = (() => Meta(m => m["created_utc"] = null), "created_utc"),
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_field_is_refused_on_open_by_name_never_a_crash(string damage)
    {
        var (make, says) = Cases[damage];
        string path = Path.Combine(_dir.Path, "damaged.btcache");
        File.WriteAllBytes(path, make());
        var e = Assert.Throws<DataLoadException>(() => ReadEverything(path));
        Assert.True(e.Message.Contains(says, StringComparison.Ordinal), $"'{says}' not in: {e.Message}");
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("bt data import", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData(779, long.MaxValue)]
    [InlineData(0, long.MinValue)]
    [InlineData(0, 253402300800000)]
    public void A_bar_time_that_is_no_date_is_refused_whatever_the_request_reads_first(int row, long time)
    {
        // Lane 0 of block 0 (780 bars): its first or last time, which a --days plan or a window's skip reason reads
        // before any bar is copied.
        string path = Path.Combine(_dir.Path, "damaged.btcache");
        File.WriteAllBytes(path, EditField(Good.Value, 0, 0, t => t[row * 8] = time));
        var ct = TestContext.Current.CancellationToken;
        var start = new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var request in new[]
        {
            new LoadRequest { Path = path, Days = 1 },
            new LoadRequest { Path = path, Start = start },
            new LoadRequest { Path = path, End = new DateTimeOffset(1990, 1, 1, 0, 0, 0, TimeSpan.Zero) },
        })
        {
            var e = Assert.Throws<DataLoadException>(() =>
            {
                using var source = BarSources.OpenCache(path, null, _ => { }, ct);
                var plan = source.Plan(request, ct);
                source.LoadBatch(plan, 0, plan.Symbols.Count, plan.Window, ct);
            });
            Assert.True(e.Message.Contains("is not a date", StringComparison.Ordinal), e.Message);
        }
    }

    [Fact]
    public void The_undamaged_cache_the_cases_start_from_opens_and_reads()
    {
        string path = Path.Combine(_dir.Path, "good.btcache");
        File.WriteAllBytes(path, Good.Value);
        ReadEverything(path);
        Assert.Equal(3, ReadMeta(Good.Value)["blocks"]!.AsArray().Count);
        Assert.NotEmpty(ReadMeta(Good.Value)["issues"]!.AsArray());
        // The metadata rewrite itself changes nothing a reader sees.
        File.WriteAllBytes(path, EditMeta(Good.Value, _ => { }));
        ReadEverything(path);
    }

    /// <summary>Everything a run does with a cache: open and check it, then plan and read every symbol several ways.</summary>
    internal static void ReadEverything(string path, Action<LoadResult>? check = null)
    {
        var ct = TestContext.Current.CancellationToken;
        using var source = BarSources.OpenCache(path, null, _ => { }, ct);
        foreach (var request in new[]
        {
            new LoadRequest { Path = path },
            new LoadRequest { Path = path, Days = 1 },
            new LoadRequest { Path = path, Tickers = ["SYN0000", "SYN0003", "NOPE"] },
            new LoadRequest { Path = path, OnInvalid = InvalidRowPolicy.Fail },
        })
        {
            SourcePlan plan;
            try
            {
                plan = source.Plan(request, ct);
            }
            catch (DataLoadException e) when (request.OnInvalid == InvalidRowPolicy.Fail && e.Message.Contains("invalid row", StringComparison.Ordinal))
            {
                continue;
            }
            for (int from = 0; from < plan.Symbols.Count; from += 3)
            {
                var load = source.LoadBatch(plan, from, Math.Min(3, plan.Symbols.Count - from), plan.Window, ct);
                check?.Invoke(load);
            }
        }
    }
}
