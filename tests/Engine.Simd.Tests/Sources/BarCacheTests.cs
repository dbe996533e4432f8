using Backtest.Data;
using Backtest.Data.Cache;
using Backtest.Data.Sources;
using Backtest.Tests.Data;
using Xunit;

namespace Backtest.Tests.Sources;

/// <summary>The bar cache: what goes in comes out bit for bit, and a damaged, foreign or stale file is refused by name.</summary>
public sealed class BarCacheTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly IReadOnlyList<BarSeries> _bars = TestBars.Ragged(11, 2);
    private readonly string _csv;
    private readonly string _cache;

    public BarCacheTests()
    {
        _csv = Path.Combine(_dir.Path, "csv");
        TestBars.WriteCsv(_csv, _bars);
        _cache = Path.Combine(_dir.Path, "bars.btcache");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    private BarCacheImport Import(int? batchSize = null, LoadRequest? request = null)
    {
        using var source = new FileBarSource(_csv);
        return BarCacheWriter.Import(source, request ?? new LoadRequest { Path = _csv }, _cache, 1L << 30, batchSize, cancellationToken: TestContext.Current.CancellationToken);
    }

    private static LoadResult LoadCsv(LoadRequest request) => BarLoader.Load(request, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(4)]
    public void A_cache_gives_back_the_loaders_series_bit_for_bit_whatever_its_blocks(int? blockSymbols)
    {
        var written = Import(blockSymbols);
        Assert.Equal(11, written.SymbolsWithBars);
        using var cache = new CacheBarSource(BarCache.Open(_cache));
        var request = new LoadRequest { Path = _cache };
        SourceAssert.SameSeries(LoadCsv(new LoadRequest { Path = _csv }).Series, SourceAssert.LoadAll(cache, request));
        SourceAssert.SameSeries(LoadCsv(new LoadRequest { Path = _csv }).Series, SourceAssert.LoadAll(cache, request, batchSize: 3));
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(1000)]
    public void A_block_read_in_pieces_of_rows_gives_the_same_bits_windows_and_batches_included(int pieceBytes)
    {
        // Pieces of 4 KiB (32 rows of a 16-lane stride) or 1000 bytes (7 rows, not on a page): the block's ~850 rows
        // in many pieces, every lane starting and ending inside some piece.
        Import();
        var bars = new CacheBarSource(BarCache.Open(_cache));
        bars.Cache.PieceBytes = pieceBytes;
        using var cache = bars;
        var start = DateTimeOffset.FromUnixTimeMilliseconds(_bars[4].Times[100]);
        var end = DateTimeOffset.FromUnixTimeMilliseconds(_bars[0].Times[700]);
        foreach (var r in new[] { new LoadRequest { Path = "" }, new LoadRequest { Path = "", Start = start, End = end } })
        {
            var fromFiles = LoadCsv(r with { Path = _csv });
            SourceAssert.SameSeries(fromFiles.Series, SourceAssert.LoadAll(cache, r));
            SourceAssert.SameSeries(fromFiles.Series, SourceAssert.LoadAll(cache, r, batchSize: 3));
        }
    }

    [Fact]
    public void Tickers_limit_and_windows_select_from_a_cache_as_from_the_files()
    {
        Import(batchSize: 3);
        using var cache = new CacheBarSource(BarCache.Open(_cache));
        var tickers = new[] { "SYN0009", "syn0002", "SYN0005" };
        var start = DateTimeOffset.FromUnixTimeMilliseconds(_bars[4].Times[100]);
        var end = DateTimeOffset.FromUnixTimeMilliseconds(_bars[0].Times[700]);
        foreach (var r in new[]
        {
            new LoadRequest { Path = "", Tickers = tickers },
            new LoadRequest { Path = "", Limit = 4 },
            new LoadRequest { Path = "", Start = start, End = end },
            new LoadRequest { Path = "", Days = 1 },
            new LoadRequest { Path = "", Days = 1, End = end },
            new LoadRequest { Path = "", Tickers = tickers, Limit = 2, Start = start },
        })
        {
            var fromFiles = LoadCsv(r with { Path = _csv });
            var fromCache = cache.LoadBatch(cache.Plan(r, Ct), 0, cache.Plan(r, Ct).Symbols.Count, null, Ct);
            SourceAssert.SameSeries(fromFiles.Series, fromCache.Series);
            Assert.Equal(fromFiles.WindowStart, fromCache.WindowStart);
            Assert.Equal(fromFiles.WindowEnd, fromCache.WindowEnd);
            Assert.Equal(fromFiles.Stats, fromCache.Stats);
        }
    }

    [Fact]
    public void A_cache_keeps_the_load_account_of_its_import_invalid_rows_and_unreadable_files_included()
    {
        File.AppendAllText(Path.Combine(_csv, "SYN0003.csv"), "2030-01-01T00:00:00Z,10,9,10,10,5\n");
        File.WriteAllText(Path.Combine(_csv, "EMPTY.csv"), "");
        Import();
        var files = LoadCsv(new LoadRequest { Path = _csv });
        using var cache = new CacheBarSource(BarCache.Open(_cache));
        var plan = cache.Plan(new LoadRequest { Path = _cache }, Ct);
        var fromCache = cache.LoadBatch(plan, 0, plan.Symbols.Count, null, Ct);
        Assert.Equal(files.Issues, fromCache.Issues);
        Assert.Equal(files.Skipped, fromCache.Skipped);
        Assert.Equal(files.Stats, fromCache.Stats);
        Assert.Contains(fromCache.Issues, i => i.Line == File.ReadAllLines(Path.Combine(_csv, "SYN0003.csv")).Length && i.Message.Contains("high 9 is below", StringComparison.Ordinal));

        var failing = new LoadRequest { Path = _cache, OnInvalid = InvalidRowPolicy.Fail };
        var e = Assert.Throws<DataLoadException>(() => cache.Plan(failing, Ct));
        Assert.Equal(Assert.Throws<DataLoadException>(() => LoadCsv(failing with { Path = _csv })).Message, e.Message);
    }

    [Fact]
    public void A_truncated_cache_is_refused_with_its_size_and_how_to_rebuild_it()
    {
        Import();
        var bytes = File.ReadAllBytes(_cache);
        File.WriteAllBytes(_cache, bytes[..(bytes.Length - 100)]);
        var e = Assert.Throws<DataLoadException>(() => BarCache.Open(_cache));
        Assert.Contains("is truncated", e.Message, StringComparison.Ordinal);
        Assert.Contains("bt data import", e.Message, StringComparison.Ordinal);

        File.WriteAllBytes(_cache, bytes[..1000]);
        Assert.Contains("is truncated: 1,000 bytes", Assert.Throws<DataLoadException>(() => BarCache.Open(_cache)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_of_another_format_version_is_refused_by_version()
    {
        Import();
        var bytes = File.ReadAllBytes(_cache);
        bytes[8] = 2;
        File.WriteAllBytes(_cache, bytes);
        var e = Assert.Throws<DataLoadException>(() => BarCache.Open(_cache));
        Assert.Contains("cache format version 2; this bt reads version 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_block_is_found_by_its_checksum_before_any_bar_is_used()
    {
        Import();
        var bytes = File.ReadAllBytes(_cache);
        bytes[BarCacheFormat.PageSize + 40] ^= 0x10;
        File.WriteAllBytes(_cache, bytes);
        using var cache = new CacheBarSource(BarCache.Open(_cache));
        var plan = cache.Plan(new LoadRequest { Path = _cache }, Ct);
        var e = Assert.Throws<DataLoadException>(() => cache.LoadBatch(plan, 0, plan.Symbols.Count, null, Ct));
        Assert.Contains("block 0 does not match its checksum", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Damaged_metadata_and_files_that_are_no_cache_are_refused()
    {
        Import();
        var bytes = File.ReadAllBytes(_cache);
        bytes[^5] ^= 0x20;
        File.WriteAllBytes(_cache, bytes);
        var damaged = Assert.Throws<DataLoadException>(() => BarCache.Open(_cache)).Message;
        Assert.True(damaged.Contains("metadata checksum", StringComparison.Ordinal), damaged);

        string other = Path.Combine(_dir.Path, "other.bin");
        File.WriteAllBytes(other, new byte[10_000]);
        Assert.False(BarCacheFormat.IsCache(other));
        Assert.Contains("is not a bt bar cache", Assert.Throws<DataLoadException>(() => BarCache.Open(other)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_is_stale_once_a_source_file_changes_appears_or_goes_and_a_stale_cache_is_never_opened()
    {
        Import();
        var ct = TestContext.Current.CancellationToken;
        using (var cache = BarCache.Open(_cache))
            Assert.Equal(CacheState.Fresh, BarSources.Check(cache, null, ct).State);

        File.SetLastWriteTimeUtc(Path.Combine(_csv, "SYN0004.csv"), DateTime.UtcNow.AddMinutes(1));
        using (var cache = BarCache.Open(_cache))
        {
            var check = BarSources.Check(cache, null, ct);
            Assert.Equal(CacheState.Stale, check.State);
            Assert.Contains("SYN0004.csv changed", check.Reason, StringComparison.Ordinal);
        }
        var e = Assert.Throws<DataLoadException>(() => BarSources.OpenCache(_cache, null, _ => { }, ct));
        Assert.Contains("is stale", e.Message, StringComparison.Ordinal);
        Assert.Contains($"bt data import {Path.GetFullPath(_csv)} --out {_cache}", e.Message, StringComparison.Ordinal);

        Import();
        File.Copy(Path.Combine(_csv, "SYN0004.csv"), Path.Combine(_csv, "NEW.csv"));
        using (var cache = BarCache.Open(_cache))
            Assert.Contains("NEW.csv is new", BarSources.Check(cache, null, ct).Reason, StringComparison.Ordinal);
        Import();
        File.Delete(Path.Combine(_csv, "SYN0001.csv"));
        using (var cache = BarCache.Open(_cache))
            Assert.Contains("SYN0001.csv is gone", BarSources.Check(cache, null, ct).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(42L)]
    public void A_synthetic_cache_is_checked_against_the_universe_it_names_negative_cli_seeds_included(long seed)
    {
        // The CLI names its universe with the --seed it was given (seed=-1), not the 64-bit seed it stands for.
        var options = new Backtest.Data.Synthetic.SyntheticUniverseOptions { Symbols = 3, Days = 2, Seed = unchecked((ulong)seed) };
        string named = FormattableString.Invariant($"synthetic(symbols=3, days=2, seed={seed})");
        var ct = TestContext.Current.CancellationToken;
        using (var source = new SyntheticBarSource(options, named))
            BarCacheWriter.Import(source, new LoadRequest { Path = named }, _cache, 1L << 30, null, cancellationToken: ct);
        Assert.Equal(options, SyntheticBarSource.FromDescription(named));
        using var cache = BarCache.Open(_cache);
        Assert.Equal(named, cache.Meta.Source.Location);
        Assert.Equal(CacheState.Fresh, BarSources.Check(cache, null, ct).State);
    }

    [Fact]
    public void A_cache_whose_source_is_gone_is_used_as_imported_with_a_warning()
    {
        Import();
        Directory.Delete(_csv, recursive: true);
        var warnings = new List<string>();
        using var source = BarSources.OpenCache(_cache, null, warnings.Add, TestContext.Current.CancellationToken);
        Assert.Contains("cannot be opened", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_asking_for_bars_outside_an_imported_window_is_refused()
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(_bars[0].Times[400]);
        Import(request: new LoadRequest { Path = _csv, Start = start });
        using var cache = new CacheBarSource(BarCache.Open(_cache));
        var e = Assert.Throws<DataLoadException>(() => cache.Plan(new LoadRequest { Path = _cache }, Ct));
        Assert.Contains("imported with --start", e.Message, StringComparison.Ordinal);
        Assert.NotEmpty(cache.Plan(new LoadRequest { Path = _cache, Start = start }, Ct).Symbols);
    }

    [Fact]
    public void Blocks_are_laid_out_as_the_bar_panel_longest_lane_first_with_padding()
    {
        Import();
        using var cache = BarCache.Open(_cache);
        var block = Assert.Single(cache.Meta.Blocks);
        Assert.Equal(16, block.Stride);
        Assert.Equal(_bars.Max(s => s.Count) + 1, block.Rows);
        Assert.Equal(0, block.Offset % BarCacheFormat.PageSize);
        Assert.Equal(0, block.FieldBytes % BarCacheFormat.PageSize);
        var lanes = cache.Meta.Symbols.OrderBy(s => s.Lane).Select(s => s.Bars).ToArray();
        Assert.Equal(lanes.OrderDescending(), lanes);
    }
}
