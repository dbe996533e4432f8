using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Backtest.Metal.Emulation;

/// <summary>
/// Builds backtest.metal as a C++ shared library through metal_shim.h and host_harness.cpp, once per
/// version of the sources: the library goes into a cache folder named by a hash of the sources, the
/// compiler and its flags, so a shader change rebuilds and an unchanged one loads at once.
/// </summary>
public static class HarnessBuild
{
    /// <summary>No fast math and no contraction: every float operation rounds once, as the double-floats need.</summary>
    public static readonly IReadOnlyList<string> Flags =
        ["-std=c++17", "-O2", "-shared", "-fPIC", "-fno-fast-math", "-ffp-contract=off", "-Wall", "-Wextra", "-include", ShaderSources.ShimFile];

    public static string LibraryFileName =>
        OperatingSystem.IsMacOS() ? "libbt_harness.dylib" : OperatingSystem.IsWindows() ? "bt_harness.dll" : "libbt_harness.so";

    /// <summary>$BT_CACHE_DIR, else $XDG_CACHE_HOME/bt, else ~/.cache/bt, else the temp folder.</summary>
    public static string CacheRoot
    {
        get
        {
            if (Environment.GetEnvironmentVariable("BT_CACHE_DIR") is { Length: > 0 } dir) return dir;
            if (Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg) return Path.Combine(xdg, "bt");
            string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return home.Length > 0 ? Path.Combine(home, ".cache", "bt") : Path.Combine(Path.GetTempPath(), "bt-cache");
        }
    }

    /// <summary>The cache key: the three sources, the compiler's path and the flags.</summary>
    public static string Key(CxxCompiler compiler)
    {
        ArgumentNullException.ThrowIfNull(compiler);
        var text = new StringBuilder()
            .Append(compiler.Path).Append('\0')
            .AppendJoin(' ', Flags).Append('\0')
            .Append(ShaderSources.Kernel).Append('\0')
            .Append(ShaderSources.Shim).Append('\0')
            .Append(ShaderSources.Harness);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>The built library's path, building it first when the cache lacks it.</summary>
    /// <exception cref="InvalidOperationException">The compiler failed; the message holds its output.</exception>
    public static string BuildOrReuse(CxxCompiler compiler, string? cacheRoot = null)
    {
        ArgumentNullException.ThrowIfNull(compiler);
        string folder = Path.Combine(cacheRoot ?? CacheRoot, "metal-emulated", Key(compiler));
        string library = Path.Combine(folder, LibraryFileName);
        if (File.Exists(library)) return library;

        // Build in a private folder and move the result into place: concurrent builds never see half a file.
        Directory.CreateDirectory(folder);
        string work = Path.Combine(folder, "build-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            File.WriteAllText(Path.Combine(work, ShaderSources.KernelFile), ShaderSources.Kernel);
            File.WriteAllText(Path.Combine(work, ShaderSources.ShimFile), ShaderSources.Shim);
            File.WriteAllText(Path.Combine(work, ShaderSources.HarnessFile), ShaderSources.Harness);
            string output = Path.Combine(work, LibraryFileName);
            Compile(compiler, work, [.. Flags, ShaderSources.HarnessFile, "-o", output]);
            File.Move(output, library, overwrite: true);
            return library;
        }
        finally
        {
            try
            {
                Directory.Delete(work, recursive: true);
            }
            catch (IOException)
            {
                // A leftover build folder only costs disk space.
            }
        }
    }

    private static void Compile(CxxCompiler compiler, string workingDirectory, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(compiler.Path)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) start.ArgumentList.Add(a);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {compiler.Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{compiler.Path} did not finish building the kernel within 5 minutes.");
        }
        string messages = (stdout.Result + stderr.Result).Trim();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{compiler.Path} could not build backtest.metal as C++ (exit {process.ExitCode}): {messages}");
    }
}
