using System.Diagnostics;
using Backtest.Data;
using Backtest.Data.Synthetic;
using Backtest.Results;
using Backtest.Tests.Data;
using Xunit;

namespace Backtest.Tests.Results;

public sealed class OutputFileSetTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Dir => _folder.Path;

    /// <summary>Opens real temporary files that fail with ENOSPC's message once <paramref name="bytes"/> bytes were written in all.</summary>
    private sealed class FullDisk(long bytes)
    {
        private long _left = bytes;

        public Stream Create(string path) => new Limited(new FileStream(path, FileMode.CreateNew, FileAccess.Write), this);

        private sealed class Limited(FileStream inner, FullDisk disk) : Stream
        {
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => inner.Length;
            public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
            public override void Flush() => inner.Flush();
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

            public override void Write(ReadOnlySpan<byte> buffer)
            {
                if (buffer.Length > disk._left) throw new IOException("No space left on device");
                disk._left -= buffer.Length;
                inner.Write(buffer);
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing) inner.Dispose();
                base.Dispose(disposing);
            }
        }
    }

    private Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(Dir).ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    private static RunReport WithIssues(RunReport report) =>
        report with { Load = new LoadAccount(1, 0, [new LoadIssue("AAA.csv", 3, "AAA", "price is not a number")]) };

    /// <summary>A process id that was used and has ended.</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    [Fact]
    public void A_full_disk_while_writing_a_run_keeps_the_whole_old_set_and_leaves_no_temporary_file()
    {
        ResultFiles.Write(Dir, WithIssues(TestReports.OneTrade()));
        var old = Snapshot();
        Assert.Equal(["load_issues.txt", "results.json", "summary.csv", "trades.csv"], old.Keys.Order(StringComparer.Ordinal));

        // The new run's trades.csv (a 88-byte header) and summary.csv (a 65-byte header, one short row) fit in 400 bytes,
        // its results.json does not: the case of the issue, where new CSVs were left beside the old results.json. It
        // has no load issues either, so the old load_issues.txt would go with a complete set.
        var other = TestReports.Report([new SymbolReport(TestReports.Series("BBB", 5), TestReports.WithReturn("BBB", 5, 3))]);
        var e = Assert.Throws<IOException>(() => ResultFiles.Write(Dir, other, new FullDisk(400).Create));
        Assert.Equal("No space left on device", e.Message);
        Assert.Equal(old, Snapshot());
    }

    [Fact]
    public void A_complete_write_replaces_the_set_and_removes_the_file_the_new_set_has_not()
    {
        ResultFiles.Write(Dir, WithIssues(TestReports.OneTrade()));
        var written = ResultFiles.Write(Dir, TestReports.OneTrade());
        Assert.Equal(["trades.csv", "summary.csv", "results.json"], written.Select(Path.GetFileName));
        Assert.Equal(["results.json", "summary.csv", "trades.csv"], Directory.GetFiles(Dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Temporary_files_of_a_dead_process_are_removed_by_the_next_set_and_others_kept()
    {
        int dead = DeadProcessId();
        string stale = _folder.Write(OutputTempFiles.TempName(dead, "0123456789ab", "results.json"), "half");
        string live = _folder.Write(OutputTempFiles.TempName(Environment.ProcessId, "0123456789ab", "trades.csv"), "being written");
        string foreign = _folder.Write(".notes.txt.tmp", "not ours");

        new OutputFileSet(Dir).AddText("a.txt", w => w.Write("a")).Commit();

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public void A_commit_interrupted_between_renames_is_completed_by_the_next_set()
    {
        int dead = DeadProcessId();
        const string id = "00000000abcd";
        // The dead process had staged new a.txt, b.txt, journaled them and removing old.txt, and renamed a.txt only.
        _folder.Write("a.txt", "new a");
        _folder.Write("b.txt", "old b");
        _folder.Write("old.txt", "old");
        _folder.Write(OutputTempFiles.TempName(dead, id, "b.txt"), "new b");
        File.WriteAllText(Path.Combine(Dir, $".bt.{dead}.{id}.commit"), "+a.txt\n+b.txt\n-old.txt\n");

        new OutputFileSet(Dir).AddText("c.txt", w => w.Write("c")).Commit();

        Assert.Equal(
            new Dictionary<string, string> { ["a.txt"] = "new a\n", ["b.txt"] = "new b\n", ["c.txt"] = "c" },
            Snapshot());
    }

    [Fact]
    public void Synthetic_csv_on_a_full_disk_fails_with_the_disk_error_itself_and_leaves_no_temporary_file()
    {
        var options = new SyntheticUniverseOptions { Symbols = 4, Days = 1, Seed = 1 };
        var e = Record.Exception(() => SyntheticCsvWriter.Write(options, Dir, 2, new FullDisk(50_000).Create, CancellationToken.None));
        Assert.IsType<IOException>(e);
        Assert.Equal("No space left on device", e.Message);
        Assert.DoesNotContain(Directory.GetFiles(Dir), f => Path.GetFileName(f).StartsWith('.'));
        Assert.False(File.Exists(Path.Combine(Dir, SyntheticCsvWriter.DescriptionFileName)));
    }
}
