using System.Reflection;
using System.Runtime.InteropServices;
using Backtest.Metal.Native;
using Xunit;

namespace Backtest.Metal.Tests.Native;

/// <summary>
/// The P/Invoke declarations against the C signatures of Apple's headers (Selectors.Signatures, from
/// shared/notes/metal.md and metal-cpp): every signature has an objc_msgSend import with the right managed
/// types, BOOL is a byte, MTLSize goes by value, and there is one import per signature.
/// </summary>
public sealed class BindingSignatureTests
{
    private static readonly MethodInfo[] MsgSends = typeof(ObjCRuntime)
        .GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
        .Where(m => m.GetCustomAttribute<DllImportAttribute>() is { EntryPoint: "objc_msgSend" })
        .ToArray();

    private static string Managed(string c) => c.Trim() switch
    {
        "id" or "SEL" or "NSInteger" or "const char*" => "nint",
        "NSUInteger" => "nuint",
        "BOOL" => "byte",
        "void" => "void",
        "MTLSize" => "MTLSize",
        "void*" or "const void*" => "void*",
        "NSError**" => "nint*",
        var other => throw new InvalidOperationException($"no managed type for {other}"),
    };

    private static string Describe(Type t) => t == typeof(nint) ? "nint" : t == typeof(nuint) ? "nuint" : t == typeof(byte) ? "byte"
        : t == typeof(void) ? "void" : t == typeof(MTLSize) ? "MTLSize" : t == typeof(void*) ? "void*" : t == typeof(nint*) ? "nint*" : t.Name;

    private static string SignatureOf(MethodInfo m) =>
        $"{Describe(m.ReturnType)} ({string.Join(", ", m.GetParameters().Select(p => Describe(p.ParameterType)))})";

    public static TheoryData<string> SelectorNames() => [.. Selectors.Signatures.Keys];

    [Theory]
    [MemberData(nameof(SelectorNames))]
    public void Each_selector_has_an_import_of_its_c_signature(string selector)
    {
        string c = Selectors.Signatures[selector];
        int open = c.IndexOf('(', StringComparison.Ordinal);
        string managed = $"{Managed(c[..open])} ({string.Join(", ", c[(open + 1)..^1].Split(',').Select(Managed))})";
        // const char* and void* may be either pointer spelling: both are one pointer-sized register.
        var candidates = new[] { managed, managed.Replace("void*", "nint", StringComparison.Ordinal) };
        Assert.Contains(MsgSends, m => candidates.Contains(SignatureOf(m)));
    }

    [Fact]
    public void Imports_take_only_blittable_abi_types_and_never_a_managed_bool()
    {
        string[] allowed = ["nint", "nuint", "byte", "void", "MTLSize", "void*", "nint*"];
        Assert.NotEmpty(MsgSends);
        foreach (var m in MsgSends)
        {
            Assert.Contains(Describe(m.ReturnType), allowed);
            var parameters = m.GetParameters();
            Assert.True(parameters.Length >= 2 && parameters[0].ParameterType == typeof(nint) && parameters[1].ParameterType == typeof(nint), $"{m.Name}: (id, SEL) first");
            Assert.All(parameters, p => Assert.Contains(Describe(p.ParameterType), allowed));
        }
    }

    [Fact]
    public void There_is_one_import_per_signature() =>
        Assert.Equal(MsgSends.Length, MsgSends.Select(SignatureOf).Distinct().Count());

    [Fact]
    public void MTLSize_is_three_nsuinteger_in_order()
    {
        Assert.Equal(3 * IntPtr.Size, Marshal.SizeOf<MTLSize>());
        Assert.Equal(0, (int)Marshal.OffsetOf<MTLSize>(nameof(MTLSize.Width)));
        Assert.Equal(IntPtr.Size, (int)Marshal.OffsetOf<MTLSize>(nameof(MTLSize.Height)));
        Assert.Equal(2 * IntPtr.Size, (int)Marshal.OffsetOf<MTLSize>(nameof(MTLSize.Depth)));
    }

    [Fact]
    public void Resource_options_are_metal_cpps_values()
    {
        Assert.Equal(0u, (uint)MetalConstants.ResourceStorageModeShared);
        Assert.Equal(16u, (uint)MetalConstants.ResourceStorageModeManaged);
        Assert.Equal(32u, (uint)MetalConstants.ResourceStorageModePrivate);
        Assert.Equal(48u, (uint)MetalConstants.ResourceStorageModeMemoryless);
        Assert.Equal(256u, (uint)MetalConstants.ResourceHazardTrackingModeUntracked);
        Assert.Equal(4u, (uint)MetalConstants.CommandBufferStatusCompleted);
        Assert.Equal(5u, (uint)MetalConstants.CommandBufferStatusError);
    }
}
