using Backtest.Results;
using Xunit;

namespace Backtest.Tests.Results;

public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-atomic-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void Writes_the_file_and_leaves_nothing_else()
    {
        string path = Path.Combine(_dir, "a.txt");
        AtomicFileWriter.WriteText(path, w => w.Write("hello"));
        Assert.Equal("hello", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_writer_that_throws_midway_leaves_no_file_and_no_temporary_file()
    {
        string path = Path.Combine(_dir, "a.txt");
        Assert.Throws<InvalidOperationException>(() => AtomicFileWriter.WriteText(path, w =>
        {
            w.Write(new string('x', 100_000));
            w.Flush();
            throw new InvalidOperationException("crash");
        }));
        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_writer_that_throws_leaves_the_previous_file_intact()
    {
        string path = Path.Combine(_dir, "a.txt");
        AtomicFileWriter.WriteText(path, w => w.Write("old"));
        Assert.Throws<InvalidOperationException>(() => AtomicFileWriter.WriteText(path, w =>
        {
            w.Write("new, half");
            throw new InvalidOperationException("crash");
        }));
        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Replaces_an_existing_file()
    {
        string path = Path.Combine(_dir, "a.txt");
        AtomicFileWriter.WriteText(path, w => w.Write("old"));
        AtomicFileWriter.WriteText(path, w => w.Write("new"));
        Assert.Equal("new", File.ReadAllText(path));
    }

    [Fact]
    public void Result_files_creates_the_directory_and_writes_the_three_files()
    {
        string dir = Path.Combine(_dir, "nested", "out");
        var written = ResultFiles.Write(dir, TestReports.OneTrade());
        Assert.Equal(
            ["trades.csv", "summary.csv", "results.json"],
            written.Select(Path.GetFileName));
        Assert.Equal(3, Directory.GetFiles(dir).Length);
    }

    [Fact]
    public void Load_issues_go_to_their_own_file_and_a_stale_one_is_removed()
    {
        var withIssues = TestReports.OneTrade() with
        {
            Load = new LoadAccount(1, 0, [new Backtest.Data.LoadIssue("a.csv", 7, "AAA", "high below close")]),
        };
        ResultFiles.Write(_dir, withIssues);
        string issues = Path.Combine(_dir, ResultFiles.IssuesFileName);
        Assert.Equal("a.csv:7: high below close\n", File.ReadAllText(issues));
        ResultFiles.Write(_dir, TestReports.OneTrade());
        Assert.False(File.Exists(issues));
    }
}
