using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Lanes;
using Backtest.Simulation;

namespace Backtest.Fused;

/// <summary>Runs one chunk with the hand-fused S3 kernel instantiated for the chunk's vector width.</summary>
internal static class ChunkKernels
{
    public static void Run<T>(Chunk chunk, in ChunkInput<T> input, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (chunk.Width)
        {
            case VectorWidth.Bits512:
                FusedKernel<Lanes512<T>, Vector512<T>, T>.Run(input, settings, accounts, totals);
                break;
            case VectorWidth.Bits256:
                FusedKernel<Lanes256<T>, Vector256<T>, T>.Run(input, settings, accounts, totals);
                break;
            case VectorWidth.Bits128:
                FusedKernel<Lanes128<T>, Vector128<T>, T>.Run(input, settings, accounts, totals);
                break;
            default:
                FusedKernel<ScalarLane<T>, T, T>.Run(input, settings, accounts, totals);
                break;
        }
    }
}
