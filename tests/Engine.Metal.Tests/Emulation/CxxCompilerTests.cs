using Backtest.Metal.Emulation;
using Xunit;

namespace Backtest.Metal.Tests.Emulation;

public sealed class CxxCompilerTests
{
    private static Func<string, bool> Files(params string[] existing) => p => existing.Contains(p.Replace('\\', '/'));

    [Fact]
    public void The_first_known_compiler_on_path_is_found()
    {
        var (compiler, reason) = CxxCompiler.Find(null, string.Join(Path.PathSeparator, "/opt/bin", "/usr/bin"), Files("/usr/bin/clang++", "/usr/bin/g++"));
        Assert.Null(reason);
        Assert.Equal("/usr/bin/g++", compiler!.Path.Replace('\\', '/'));
    }

    [Fact]
    public void CXX_wins_as_a_name_or_a_path()
    {
        Assert.Equal("/usr/bin/clang++", CxxCompiler.Find("clang++", "/usr/bin", Files("/usr/bin/clang++", "/usr/bin/g++")).Compiler!.Path.Replace('\\', '/'));
        Assert.Equal("/tools/cxx", CxxCompiler.Find("/tools/cxx", "/usr/bin", Files("/tools/cxx")).Compiler!.Path);
    }

    [Fact]
    public void A_missing_compiler_is_an_explicit_reason()
    {
        var (none, reason) = CxxCompiler.Find(null, "/usr/bin", Files());
        Assert.Null(none);
        Assert.Contains("g++, c++, clang++", reason, StringComparison.Ordinal);
        var (given, why) = CxxCompiler.Find("/nowhere/g++", "/usr/bin", Files("/usr/bin/g++"));
        Assert.Null(given);
        Assert.Contains("CXX=/nowhere/g++", why, StringComparison.Ordinal);
    }

    [Fact]
    public void This_machine_has_a_compiler_for_the_emulated_engine()
    {
        // CI machines all have g++: the kernel's C++ build must not go unchecked.
        var (compiler, reason) = CxxCompiler.Find();
        Assert.True(compiler is not null, reason);
        Assert.True(MetalEmulatedEngine.Availability.IsAvailable, MetalEmulatedEngine.Availability.Reason);
    }
}

public sealed class HarnessBuildTests
{
    [Fact]
    public void The_cache_key_follows_the_compiler_and_builds_go_to_that_folder()
    {
        var a = HarnessBuild.Key(new CxxCompiler("/usr/bin/g++"));
        Assert.Equal(a, HarnessBuild.Key(new CxxCompiler("/usr/bin/g++")));
        Assert.NotEqual(a, HarnessBuild.Key(new CxxCompiler("/usr/bin/clang++")));
        Assert.Equal(16, a.Length);
    }

    [Fact]
    public void Builds_without_fast_math_or_contraction()
    {
        Assert.Contains("-ffp-contract=off", HarnessBuild.Flags);
        Assert.Contains("-fno-fast-math", HarnessBuild.Flags);
        Assert.DoesNotContain("-ffast-math", HarnessBuild.Flags);
    }

    [Fact]
    public void A_compile_error_carries_the_compilers_message()
    {
        string folder = Path.Combine(Path.GetTempPath(), "bt-harness-test-" + Guid.NewGuid().ToString("N"));
        string fakeCompiler = Path.Combine(folder, "failing-cxx");
        Directory.CreateDirectory(folder);
        try
        {
            if (OperatingSystem.IsWindows()) return;
            File.WriteAllText(fakeCompiler, "#!/bin/sh\necho 'backtest.metal:1:1: error: expected declaration' >&2\nexit 1\n");
            File.SetUnixFileMode(fakeCompiler, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var e = Assert.Throws<InvalidOperationException>(() => HarnessBuild.BuildOrReuse(new CxxCompiler(fakeCompiler), folder));
            Assert.Contains("backtest.metal:1:1: error: expected declaration", e.Message, StringComparison.Ordinal);
            Assert.Contains("exit 1", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_embedded_sources_are_the_shaders_folder()
    {
        Assert.Contains("kernel void backtest_chunk", ShaderSources.Kernel, StringComparison.Ordinal);
        Assert.Contains("#define kernel", ShaderSources.Shim, StringComparison.Ordinal);
        Assert.Contains("bt_run_chunk", ShaderSources.Harness, StringComparison.Ordinal);
    }
}
