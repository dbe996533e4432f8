using Backtest.Data.Files;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>
/// The file type comes from the runtime's native shim (SystemNative_Stat), whose layout .NET does not promise: these
/// fail, rather than every file silently counting as regular, if a runtime changes it.
/// </summary>
public sealed class FileKindsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Regular_files_directories_fifos_devices_links_and_missing_names_are_told_apart()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("Unix file types");
        string file = _dir.Write("a.csv", "x");
        string fifo = Path.Combine(_dir.Path, "p.csv");
        UnixFiles.MakeFifo(fifo);
        string link = Path.Combine(_dir.Path, "link.csv");
        File.CreateSymbolicLink(link, file);
        string dangling = Path.Combine(_dir.Path, "dangling.csv");
        File.CreateSymbolicLink(dangling, Path.Combine(_dir.Path, "nowhere"));

        Assert.Equal(FileKind.Regular, FileKinds.Of(file));
        Assert.Equal(FileKind.Directory, FileKinds.Of(_dir.Path));
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo));
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));
        Assert.Equal(FileKind.Regular, FileKinds.Of(link));   // links are followed
        Assert.Equal(FileKind.Missing, FileKinds.Of(dangling));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(_dir.Path, "\uFFFDa.csv")));
    }
}
