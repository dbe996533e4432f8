using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Lanes;
using Backtest.Simulation;

namespace Backtest.Fused;

/// <summary>What a pass of the kernel over one chunk does.</summary>
internal enum ChunkPass
{
    /// <summary>The fused backtest: indicators, score and account in one walk.</summary>
    Fused,

    /// <summary>The fused backtest, keeping its score comparisons for other parameter sets (<see cref="ScorePartsRecorder{TL, TV, T}"/>).</summary>
    Recording,

    /// <summary>The backtest on comparisons recorded by other passes (<see cref="FusedKernel{TL, TV, T}.RunOnParts"/>).</summary>
    OnParts,
}

/// <summary>Runs one chunk with the fused kernel instantiated for the chunk's vector width.</summary>
internal static unsafe class ChunkKernels
{
    /// <param name="parts">For <see cref="ChunkPass.Recording"/> where the parts go, for <see cref="ChunkPass.OnParts"/> where they are, at the panel's lane 0; unused by <see cref="ChunkPass.Fused"/>.</param>
    public static void Run<T>(
        Chunk chunk, ChunkPass pass, in ChunkInput<T> input, in KernelSettings settings, in ScorePartsInput parts,
        Span<PositionAccount> accounts, Span<LaneTotals> totals)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var chunkParts = pass == ChunkPass.Fused ? default : parts.Offset(chunk.FirstLane);
        switch (chunk.Width)
        {
            case VectorWidth.Bits512:
                Run<Lanes512<T>, Vector512<T>, T>(pass, input, settings, chunkParts, accounts, totals);
                break;
            case VectorWidth.Bits256:
                Run<Lanes256<T>, Vector256<T>, T>(pass, input, settings, chunkParts, accounts, totals);
                break;
            case VectorWidth.Bits128:
                Run<Lanes128<T>, Vector128<T>, T>(pass, input, settings, chunkParts, accounts, totals);
                break;
            default:
                Run<ScalarLane<T>, T, T>(pass, input, settings, chunkParts, accounts, totals);
                break;
        }
    }

    private static void Run<TL, TV, T>(
        ChunkPass pass, in ChunkInput<T> input, in KernelSettings settings, in ScorePartsInput parts,
        Span<PositionAccount> accounts, Span<LaneTotals> totals)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        switch (pass)
        {
            case ChunkPass.Fused:
                FusedKernel<TL, TV, T>.Run(input, settings, accounts, totals);
                break;
            case ChunkPass.Recording:
                var recorder = new ScorePartsRecorder<TL, TV, T>(parts, input.Stride, settings.FlatRsiSign);
                FusedKernel<TL, TV, T>.Run(input, settings, accounts, totals, ref recorder);
                break;
            default:
                FusedKernel<TL, TV, T>.RunOnParts(input, parts, settings, accounts, totals);
                break;
        }
    }
}
