using System.Reflection;

namespace Backtest.Metal;

/// <summary>
/// The kernel's source files, embedded in this assembly from shaders/: Metal compiles backtest.metal at
/// first use (no .metallib: building one needs Xcode), and the metal-emulated engine builds it as C++
/// through metal_shim.h and host_harness.cpp.
/// </summary>
public static class ShaderSources
{
    public const string KernelFile = "backtest.metal";
    public const string ShimFile = "metal_shim.h";
    public const string HarnessFile = "host_harness.cpp";

    /// <summary>The kernel function of a time chunk, and the one that reports the structs' sizes.</summary>
    public const string KernelFunction = "backtest_chunk";
    public const string StructSizesFunction = "struct_sizes";

    private static readonly Lazy<string> KernelText = new(() => Read(KernelFile));
    private static readonly Lazy<string> ShimText = new(() => Read(ShimFile));
    private static readonly Lazy<string> HarnessText = new(() => Read(HarnessFile));

    public static string Kernel => KernelText.Value;

    public static string Shim => ShimText.Value;

    public static string Harness => HarnessText.Value;

    private static string Read(string file)
    {
        var assembly = typeof(ShaderSources).Assembly;
        using var stream = assembly.GetManifestResourceStream("shaders/" + file)
            ?? throw new InvalidOperationException($"shaders/{file} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
