using Xunit;

namespace Backtest.Tests;

/// <summary>
/// Locates the workplace's shared/ folder (third-party market data, reference fixtures, the spec's worked
/// vectors; docs/testing.md). It stands beside the repository, never inside it: walk up from the test binaries
/// until a folder holds shared/data/SOURCES.md; BT_SHARED overrides.
/// A test that needs it is skipped when it is absent, the skip naming the file it needed and where that comes
/// from, so that a fresh clone passes. With BT_REQUIRE_SHARED=1 (CI, which lays shared/ beside the clone) its
/// absence fails the test instead: there, nothing may be skipped for want of it.
/// </summary>
public static class SharedData
{
    private const string RequireVariable = "BT_REQUIRE_SHARED";

    private static readonly Lazy<string?> RootPath = new(FindRoot);

    /// <summary>Whether shared/ was found.</summary>
    public static bool IsPresent => RootPath.Value != null;

    /// <summary>A file or folder under shared/data; skips the calling test when shared/ is absent.</summary>
    public static string Data(params string[] parts) => Path.Combine([Require(["data", .. parts]), "data", .. parts]);

    /// <summary>A file or folder under shared/spec; skips the calling test when shared/ is absent.</summary>
    public static string Spec(params string[] parts) => Path.Combine([Require(["spec", .. parts]), "spec", .. parts]);

    /// <summary>
    /// Why a test needing <paramref name="relative"/> is skipped here: null when shared/ is present, and null when it
    /// is absent but required (BT_REQUIRE_SHARED=1), where the test must go on and fail on its first read.
    /// </summary>
    public static string? SkipReason(params string[] relative) =>
        IsPresent || Required ? null : Absence(relative);

    private static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    private static string Absence(string[] relative) =>
        $"needs shared/{string.Join('/', relative)}, absent: third-party data (its origin in shared/data/SOURCES.md) that stays outside " +
        "the repository, beside it as ../shared or at BT_SHARED (docs/testing.md)";

    private static string Require(string[] relative)
    {
        if (RootPath.Value is { } root) return root;
        if (Required) throw new DirectoryNotFoundException($"{RequireVariable}=1 but shared/ is absent: {Absence(relative)}");
        Assert.Skip(Absence(relative));
        return null!; // not reached: Assert.Skip throws
    }

    private static string? FindRoot()
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
        return null;
    }
}
