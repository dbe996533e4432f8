namespace Backtest.Metal.Emulation;

/// <summary>
/// Finds the C++ compiler that builds the kernel for the metal-emulated engine: $CXX when set (a path or a
/// name on PATH), else the first of g++, c++, clang++ on PATH.
/// </summary>
public sealed record CxxCompiler(string Path)
{
    public static readonly IReadOnlyList<string> Candidates = ["g++", "c++", "clang++"];

    /// <summary>The compiler of this machine, or null and why not.</summary>
    public static (CxxCompiler? Compiler, string? Reason) Find() =>
        Find(Environment.GetEnvironmentVariable("CXX"), Environment.GetEnvironmentVariable("PATH"), File.Exists);

    public static (CxxCompiler? Compiler, string? Reason) Find(string? cxx, string? path, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(fileExists);
        var directories = (path ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        string? OnPath(string name)
        {
            if (name.Contains(System.IO.Path.DirectorySeparatorChar) || name.Contains('/'))
                return fileExists(name) ? name : null;
            foreach (var dir in directories)
            {
                string candidate = System.IO.Path.Combine(dir, name);
                if (fileExists(candidate)) return candidate;
                if (OperatingSystem.IsWindows() && fileExists(candidate + ".exe")) return candidate + ".exe";
            }
            return null;
        }

        if (!string.IsNullOrWhiteSpace(cxx))
        {
            var given = OnPath(cxx.Trim());
            return given is null
                ? (null, $"no C++ compiler: CXX={cxx.Trim()} was not found")
                : (new CxxCompiler(given), null);
        }

        foreach (var name in Candidates)
        {
            if (OnPath(name) is { } found) return (new CxxCompiler(found), null);
        }
        return (null, $"no C++ compiler: none of {string.Join(", ", Candidates)} is on PATH (set CXX to one)");
    }
}
