using System.Diagnostics;
using Xunit;

namespace Backtest.Tests;

/// <summary>
/// Makes the file-system oddities a user's data folder may hold: FIFOs, names that are not UTF-8, folders that cannot
/// be listed. Unix only (each helper skips the test elsewhere, saying why).
/// </summary>
public static class UnixFiles
{
    /// <summary>A named pipe at <paramref name="path"/> (mkfifo(1)).</summary>
    public static void MakeFifo(string path)
    {
        RequireUnix();
        Shell("mkfifo", path);
    }

    /// <summary>
    /// An empty file in <paramref name="directory"/> whose name is the bytes <c>0xFF</c> + <paramref name="asciiRest"/>:
    /// not valid UTF-8, so .NET can list it but not open it by the name it gives it. Made through bash's <c>$'\xff'</c>,
    /// since a .NET string cannot hold the byte.
    /// </summary>
    public static void MakeNonUtf8File(string directory, string asciiRest)
    {
        RequireUnix();
        Shell("bash", "-c", $"touch \"$1\"/$'\\xff'\"$2\"", "bash", directory, asciiRest);
    }

    /// <summary>
    /// A sub-folder of <paramref name="directory"/> named <paramref name="name"/> that this process cannot list. chmod 000
    /// does that for a plain user; root reads through it, so as root the folder is a link to <c>/proc/1/map_files</c>,
    /// which a container's root cannot list either. Skips the test when neither works here.
    /// </summary>
    public static string MakeUnlistableFolder(string directory, string name)
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("needs a Unix file system (file modes, /proc)");
            return "";
        }

        string path = Path.Combine(directory, name);
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.None);
        if (!CanList(path))
            return path;

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Delete(path);
        Directory.CreateSymbolicLink(path, "/proc/1/map_files");
        if (CanList(path))
            Assert.Skip("needs a folder this process cannot list: chmod 000 does not stop this user, and /proc/1/map_files is readable here");
        return path;
    }

    /// <summary>
    /// Deletes a folder holding such oddities: <see cref="Directory.Delete(string, bool)"/> cannot remove a file whose
    /// name is not UTF-8 (it cannot name it), so rm(1) does.
    /// </summary>
    public static void DeleteTree(string path)
    {
        if (!Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.Delete(path, recursive: true);
        else Shell("rm", "-rf", "--", path);
    }

    private static bool CanList(string path)
    {
        try
        {
            _ = Directory.EnumerateFileSystemEntries(path).Any();
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static void RequireUnix()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("needs a Unix file system (FIFOs, byte-string file names)");
    }

    private static void Shell(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        string error = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(30_000)) throw new TimeoutException($"{program} did not finish");
        if (p.ExitCode != 0) throw new InvalidOperationException($"{program} failed ({p.ExitCode}): {error}");
    }
}
