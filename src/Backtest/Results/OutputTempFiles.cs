using System.Diagnostics;
using System.Globalization;

namespace Backtest.Results;

/// <summary>
/// The names of bt's temporary files in an output directory, and the removal of those left behind by a process that
/// died (kill -9, power loss) before it could delete them. A temporary file is <c>.bt.PID.ID.NAME.tmp</c>: hidden
/// (loaders looking for *.csv never pick it up), marked with the writing process so that another process can tell a
/// stale one from one still being written.
/// </summary>
public static class OutputTempFiles
{
    private const string Prefix = ".bt.";
    private const string TempSuffix = ".tmp";

    /// <summary>The temporary name under which process <paramref name="pid"/> writes <paramref name="fileName"/> of set <paramref name="id"/>.</summary>
    public static string TempName(int pid, string id, string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{pid}.{id}.{fileName}{TempSuffix}");

    /// <summary>The journal of set <paramref name="id"/> of this process (<see cref="OutputFileSet"/>).</summary>
    public static string JournalName(string id) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}.{id}{JournalSuffix}");

    internal const string JournalSuffix = ".commit";
    internal const string JournalPattern = Prefix + "*" + JournalSuffix;

    /// <summary>A fresh id for one set of files written together.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Deletes the temporary files in <paramref name="directory"/> whose process is no longer running (best effort:
    /// one that cannot be deleted stays). Journals of an interrupted commit are completed first (<see cref="OutputFileSet"/>).
    /// </summary>
    public static void RemoveStale(string directory)
    {
        if (!Directory.Exists(directory)) return;
        OutputFileSet.RecoverInterruptedCommits(directory);
        foreach (string path in Directory.EnumerateFiles(directory, Prefix + "*" + TempSuffix))
        {
            if (IsOfDeadProcess(Path.GetFileName(path))) TryDelete(path);
        }
    }

    /// <summary>True when <paramref name="fileName"/> is one of bt's temporary or journal names and its process has ended.</summary>
    internal static bool IsOfDeadProcess(string fileName)
    {
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        int end = fileName.IndexOf('.', Prefix.Length);
        if (end < 0 || !int.TryParse(fileName.AsSpan(Prefix.Length, end - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no process of that id
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the error being reported matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
