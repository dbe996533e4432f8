using System.Runtime.CompilerServices;

namespace Backtest.Metal.Host;

/// <summary>
/// The structs the host shares with the kernel, in the order the kernel's <c>struct_sizes</c> reports them,
/// with the C# mirror's size of each: both backends (Metal and the C++ build) check the kernel against these
/// before a first run, so a struct changed on one side only fails at once and says which.
/// </summary>
internal static class SharedStructSizes
{
    public static readonly (string Name, int Size)[] Host =
    [
        (nameof(ChunkArgs), Unsafe.SizeOf<ChunkArgs>()),
        (nameof(KernelParams), Unsafe.SizeOf<KernelParams>()),
        (nameof(KernelThreadState), Unsafe.SizeOf<KernelThreadState>()),
        (nameof(TradeRecord), Unsafe.SizeOf<TradeRecord>()),
        (nameof(LaneInfo), Unsafe.SizeOf<LaneInfo>()),
    ];

    /// <summary>The first struct whose size in <paramref name="kernelSizes"/> differs from its mirror's; null when all agree.</summary>
    public static (string Name, uint Kernel, int Host)? FirstMismatch(ReadOnlySpan<uint> kernelSizes)
    {
        for (int i = 0; i < Host.Length; i++)
        {
            if (kernelSizes[i] != Host[i].Size) return (Host[i].Name, kernelSizes[i], Host[i].Size);
        }
        return null;
    }
}
