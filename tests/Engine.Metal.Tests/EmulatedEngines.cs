using Backtest.Metal.Host;
using Xunit;

namespace Backtest.Metal.Tests;

/// <summary>
/// The metal-emulated engine for tests. Where no C++ compiler is found the test fails, naming why: CI machines
/// all have g++, so a skip there would hide that the shader went unchecked.
/// </summary>
internal static class EmulatedEngines
{
    public static MetalEmulatedEngine Create(KernelRunOptions? options = null)
    {
        var availability = MetalEmulatedEngine.Availability;
        if (!availability.IsAvailable) Assert.Fail($"metal-emulated is needed here and cannot run: {availability.Reason}");
        return new MetalEmulatedEngine { Options = options ?? KernelRunOptions.Default };
    }
}
