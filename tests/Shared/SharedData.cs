namespace Backtest.Tests;

/// <summary>
/// Locates the workplace's shared/ folder (real market data, fixtures, spec vectors). It stands beside
/// the repository: walk up from the test binaries until a folder holds shared/data/SOURCES.md.
/// BT_SHARED overrides. Tests that need it fail loudly when it is missing rather than skip.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The shared/ folder itself.</summary>
    public static string Root => RootPath.Value;

    public static string Data(params string[] parts) => Path.Combine([Root, "data", .. parts]);

    public static string Spec(params string[] parts) => Path.Combine([Root, "spec", .. parts]);

    private static string FindRoot()
    {
        var env = Environment.GetEnvironmentVariable("BT_SHARED");
        if (!string.IsNullOrEmpty(env))
        {
            if (File.Exists(Path.Combine(env, "data", "SOURCES.md"))) return env;
            throw new DirectoryNotFoundException($"BT_SHARED={env} has no data/SOURCES.md.");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (File.Exists(Path.Combine(candidate, "data", "SOURCES.md"))) return candidate;
        }

        throw new DirectoryNotFoundException(
            "shared/data not found beside the repository (looked upward from " + AppContext.BaseDirectory +
            "); set BT_SHARED to the shared folder.");
    }
}
