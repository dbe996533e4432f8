using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backtest.Metal.Emulation;
using Backtest.Metal.Host;
using Xunit;

namespace Backtest.Metal.Tests.Host;

/// <summary>
/// The C# mirrors of the shader's structs against the structs as the C++ compiler lays out backtest.metal
/// (host_harness.cpp exports every offsetof). Scalar-only structs lay out the same in MSL; on a Mac the
/// engine also checks each sizeof against the GPU compiler's before its first run.
/// </summary>
public sealed class StructLayoutTests
{
    private static HarnessLibrary Library()
    {
        var (compiler, reason) = CxxCompiler.Find();
        if (compiler is null) Assert.Fail($"the kernel's C++ build is needed here: {reason}");
        return HarnessLibrary.Load(HarnessBuild.BuildOrReuse(compiler));
    }

    public static TheoryData<string> StructNames() => [nameof(ChunkArgs), nameof(KernelParams), nameof(KernelThreadState), nameof(TradeRecord), nameof(LaneInfo)];

    private static Type MirrorOf(string name) => typeof(ChunkArgs).Assembly.GetType($"Backtest.Metal.Host.{name}")!;

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Every_field_of_the_shader_struct_is_at_the_same_offset_in_the_host_struct(string name)
    {
        var type = MirrorOf(name);
        var kernel = Library().Fields().Where(f => f.Type == name).ToList();
        var host = type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance);
        Assert.Equal(kernel.Count, host.Length);
        foreach (var (_, field, offset, size) in kernel)
        {
            var mirror = host.SingleOrDefault(f => string.Equals(f.Name, field, StringComparison.OrdinalIgnoreCase));
            Assert.True(mirror is not null, $"{name}.{field} has no field in the C# mirror");
            Assert.Equal(offset, (int)Marshal.OffsetOf(type, mirror.Name));
            Assert.Equal(size, Marshal.SizeOf(mirror.FieldType));
        }
    }

    [Fact]
    public void The_kernel_reports_the_sizes_of_the_host_structs()
    {
        Assert.Equal(
            [(uint)Unsafe.SizeOf<ChunkArgs>(), (uint)Unsafe.SizeOf<KernelParams>(), (uint)Unsafe.SizeOf<KernelThreadState>(), (uint)Unsafe.SizeOf<TradeRecord>(), (uint)Unsafe.SizeOf<LaneInfo>()],
            Library().StructSizes());
    }

    [Fact]
    public void A_kernel_size_that_differs_from_the_mirrors_is_named()
    {
        uint[] sizes = [(uint)Unsafe.SizeOf<ChunkArgs>(), (uint)Unsafe.SizeOf<KernelParams>(), (uint)Unsafe.SizeOf<KernelThreadState>(), (uint)Unsafe.SizeOf<TradeRecord>(), (uint)Unsafe.SizeOf<LaneInfo>()];
        Assert.Null(SharedStructSizes.FirstMismatch(sizes));
        sizes[3] += 8;
        Assert.Equal((nameof(TradeRecord), sizes[3], Unsafe.SizeOf<TradeRecord>()), SharedStructSizes.FirstMismatch(sizes));
    }

    [Fact]
    public void The_argument_block_fits_set_bytes()
    {
        Assert.True(Unsafe.SizeOf<ChunkArgs>() < 4096);
        Assert.Equal(8, Unsafe.SizeOf<DoubleFloat>());
    }
}
