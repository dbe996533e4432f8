namespace Backtest.Benchmarking;

/// <summary>The process's peak resident memory, where the OS reports it.</summary>
public static class ProcessMemory
{
    /// <summary>
    /// Peak resident set size in bytes: VmHWM of /proc/self/status on Linux, else the runtime's peak
    /// working set (both count every page the process ever held at once, runtime included).
    /// </summary>
    public static long PeakResidentBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (string line in File.ReadLines("/proc/self/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length >= 2 && long.TryParse(parts[1], out long kb)) return kb * 1024;
            }
        }
        return System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64;
    }

    /// <summary>
    /// Starts a new peak: garbage is collected and returned to the OS, then the kernel's high-water mark
    /// is reset (writing 5 to /proc/self/clear_refs, Linux 4.0+). False where it cannot be reset, in which
    /// case <see cref="PeakResidentBytes"/> keeps counting from the process start.
    /// </summary>
    public static bool ResetPeak()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
