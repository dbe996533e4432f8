using Backtest.Metal.Native;
using Xunit;

namespace Backtest.Metal.Tests.Native;

public sealed class AvailabilityTests
{
    [Fact]
    public void Off_apple_silicon_the_platform_is_the_reason_and_no_device_is_probed()
    {
        bool probed = false;
        var a = MetalEngine.Evaluate(false, "needs macOS on Apple silicon", () => { probed = true; return null; });
        Assert.False(a.IsAvailable);
        Assert.Equal("needs macOS on Apple silicon", a.Reason);
        Assert.False(probed);
    }

    [Fact]
    public void On_apple_silicon_a_missing_device_or_framework_is_the_reason()
    {
        Assert.Equal("no Metal device was found", MetalEngine.Evaluate(true, "", () => "no Metal device was found").Reason);
        var missing = MetalEngine.Evaluate(true, "", () => throw new DllNotFoundException("Metal.framework"));
        Assert.False(missing.IsAvailable);
        Assert.Contains("could not be loaded", missing.Reason, StringComparison.Ordinal);
        Assert.True(MetalEngine.Evaluate(true, "", () => null).IsAvailable);
    }

    [Fact]
    public void This_machine_gets_the_answer_its_platform_calls_for()
    {
        var a = MetalEngine.Availability;
        if (MetalPlatform.IsSupportedPlatform) return; // a Mac: the macos-14 CI job checks the device path
        Assert.False(a.IsAvailable);
        Assert.Contains("macOS on Apple silicon", a.Reason, StringComparison.Ordinal);
        var e = Assert.Throws<PlatformNotSupportedException>(() =>
            new MetalEngine().Run([Backtest.Tests.Support.RandomBars.Series("X", 100, 1)], Backtest.Strategy.S3Strategy.Instance(), Strategy.StrategyParameters.Default, Engines.Precision.F32, TestContext.Current.CancellationToken));
        Assert.Contains("cannot run here", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0x10000, 16384, 16384, true)]
    [InlineData(0x10000, 32768, 16384, true)]
    [InlineData(0x10010, 16384, 16384, false)]
    [InlineData(0x10000, 16000, 16384, false)]
    [InlineData(0x10000, 0, 16384, false)]
    [InlineData(0x1000, 4096, 4096, true)]
    public void Only_page_aligned_whole_pages_are_wrapped_without_a_copy(long address, long length, int page, bool expected) =>
        Assert.Equal(expected, MetalBackend.CanWrapWithoutCopy((nuint)address, length, page));

    [Fact]
    public void The_panels_blocks_are_page_aligned_whole_pages()
    {
        using var block = Backtest.Panel.NativeBlock.Allocate(12_345);
        unsafe
        {
            Assert.True(MetalBackend.CanWrapWithoutCopy((nuint)block.Pointer, block.Length, Environment.SystemPageSize));
        }
    }
}
