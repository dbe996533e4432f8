using Backtest.Data;
using Backtest.Data.Sources;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>
/// What a data folder may hold besides bar files: a FIFO, a link to a device, a name that is not UTF-8, a folder that
/// cannot be listed, a file larger than the budget allows. Each is skipped with why, counted, and the run goes on.
/// </summary>
public sealed class FileSystemProblemsTests : IDisposable
{
    /// <summary>Longer than any of these loads takes; a hang (a FIFO read) fails the test instead of blocking the suite.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly TempFolder _dir = new();
    private readonly IReadOnlyList<BarSeries> _bars = TestBars.Ragged(2, 1);

    public FileSystemProblemsTests() => TestBars.WriteCsv(_dir.Path, _bars);

    public void Dispose()
    {
        UnixFiles.DeleteTree(_dir.Path);
        _dir.Dispose();
    }

    private static async Task<LoadResult> LoadWithin(LoadRequest request)
    {
        var ct = TestContext.Current.CancellationToken;
        var load = Task.Run(() => BarLoader.Load(request, ct), ct);
        var first = await Task.WhenAny(load, Task.Delay(Patience, ct));
        Assert.True(first == load, $"loading {request.Path} did not finish within {Patience.TotalSeconds} s");
        return await load;
    }

    [Fact]
    public async Task A_fifo_named_csv_is_skipped_as_not_a_regular_file_instead_of_waiting_for_a_writer()
    {
        UnixFiles.MakeFifo(Path.Combine(_dir.Path, "FIFO.csv"));

        var r = await LoadWithin(new LoadRequest { Path = _dir.Path });

        Assert.Equal(["SYN0001", "SYN0002"], r.Series.Select(s => s.Symbol));
        var skipped = Assert.Single(r.Skipped);
        Assert.Equal(("FIFO", "unreadable file: cannot read the file: not a regular file: it is a FIFO (named pipe)"), (skipped.Symbol, skipped.Reason));
    }

    [Fact]
    public async Task A_link_to_dev_zero_is_skipped_as_a_device_without_reading_it()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("needs /dev/zero");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "ZERO.csv"), "/dev/zero");

        var r = await LoadWithin(new LoadRequest { Path = _dir.Path });

        Assert.Equal(["SYN0001", "SYN0002"], r.Series.Select(s => s.Symbol));
        Assert.Equal("unreadable file: cannot read the file: not a regular file: it is a character device", Assert.Single(r.Skipped).Reason);
    }

    [Fact]
    public async Task A_fifo_given_as_the_data_path_is_refused_with_one_message()
    {
        string fifo = Path.Combine(_dir.Path, "PIPE.csv");
        UnixFiles.MakeFifo(fifo);

        var e = await Assert.ThrowsAsync<DataLoadException>(() => LoadWithin(new LoadRequest { Path = fifo }));
        Assert.Equal($"cannot read '{fifo}': not a regular file: it is a FIFO (named pipe).", e.Message);
    }

    [Fact]
    public async Task A_file_name_that_is_not_utf8_is_listed_as_a_skipped_file_and_the_others_load()
    {
        UnixFiles.MakeNonUtf8File(_dir.Path, "BAD.csv");

        var r = await LoadWithin(new LoadRequest { Path = _dir.Path });

        Assert.Equal(["SYN0001", "SYN0002"], r.Series.Select(s => s.Symbol));
        Assert.Empty(r.Skipped);
        var file = Assert.Single(r.SkippedFiles);
        Assert.Equal(Path.Combine(_dir.Path, "\uFFFDBAD.csv"), file.File);
        Assert.Equal("skipped: its name is not valid UTF-8, so it cannot be opened by name (rename it)", file.Message);
    }

    [Fact]
    public void A_file_name_that_is_not_utf8_does_not_stop_a_run_read_in_batches()
    {
        // Planning sizes batches from every file's length: that was where the unopenable name threw.
        UnixFiles.MakeNonUtf8File(_dir.Path, "BAD.csv");
        using var source = new FileBarSource(_dir.Path);
        var ct = TestContext.Current.CancellationToken;

        var plan = source.Plan(new LoadRequest { Path = _dir.Path }, ct);
        var first = source.LoadBatch(plan, 0, 1, plan.Window, ct);
        var second = source.LoadBatch(plan, 1, 1, plan.Window, ct);

        Assert.Equal(["SYN0001", "SYN0002"], first.Series.Concat(second.Series).Select(s => s.Symbol));
        Assert.Single(first.SkippedFiles);
        Assert.Empty(second.SkippedFiles);   // reported once, with the first batch
    }

    [Fact]
    public async Task A_folder_that_cannot_be_listed_is_listed_as_a_skipped_file_and_the_others_load()
    {
        string sub = UnixFiles.MakeUnlistableFolder(_dir.Path, "locked");

        var r = await LoadWithin(new LoadRequest { Path = _dir.Path });

        Assert.Equal(["SYN0001", "SYN0002"], r.Series.Select(s => s.Symbol));
        var file = Assert.Single(r.SkippedFiles);
        Assert.Equal(sub, file.File);
        Assert.StartsWith("skipped: cannot list the folder: ", file.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_directory_that_cannot_be_listed_is_refused_with_one_message()
    {
        string locked = UnixFiles.MakeUnlistableFolder(_dir.Path, "locked");

        var e = await Assert.ThrowsAsync<DataLoadException>(() => LoadWithin(new LoadRequest { Path = locked }));

        Assert.StartsWith($"cannot list the data directory '{locked}': ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_larger_than_a_sixth_of_the_memory_budget_is_skipped_naming_both_sizes()
    {
        // Budget 60,000 bytes: one file may hold 60,000 / 6 = 10,000 bytes. SYN0001.csv is larger; a small file is not.
        string big = Path.Combine(_dir.Path, "SYN0001.csv");
        long size = new FileInfo(big).Length;
        Assert.True(size > 10_000, $"the test needs a file over 10,000 bytes; it has {size}");
        File.WriteAllLines(Path.Combine(_dir.Path, "SMALL.csv"), ["timestamp,open,high,low,close,volume", "2024-01-02T14:30:00Z,10,11,9,10.5,100"]);
        File.Delete(Path.Combine(_dir.Path, "SYN0002.csv"));

        var r = await LoadWithin(new LoadRequest { Path = _dir.Path, MemoryBudget = 60_000 });

        Assert.Equal(["SMALL"], r.Series.Select(s => s.Symbol));
        var skipped = Assert.Single(r.Skipped);
        Assert.Equal("SYN0001", skipped.Symbol);
        Assert.StartsWith($"unreadable file: cannot read the file: the file is {size:N0} bytes, more than the 10,000 bytes one file may hold in memory under the memory budget of ",
            skipped.Reason, StringComparison.Ordinal);
    }
}
