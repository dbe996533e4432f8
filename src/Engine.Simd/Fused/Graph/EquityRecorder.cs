using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backtest.Strategies.Lanes;

namespace Backtest.Fused.Graph;

/// <summary>
/// Keeps each lane's equity after every bar of its own (bars past its last are padding and dropped), for the runs that
/// need the curve and not only its sums: walk-forward's test windows.
/// </summary>
/// <param name="curves">One array per panel lane, as long as its series.</param>
/// <param name="firstLane">The chunk's first lane in <paramref name="curves"/>.</param>
/// <param name="lanes">The chunk's lanes.</param>
internal readonly struct EquityRecorder<TV, T>(double[][] curves, int firstLane, int lanes) : IWalkProbe<TV>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(int k, ref LaneValues<TV> values) { }

    public void RecordEquity(int k, TV equity)
    {
        var values = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TV, T>(ref equity), lanes);
        for (int i = 0; i < values.Length; i++)
        {
            var curve = curves[firstLane + i];
            if (k < curve.Length) curve[k] = double.CreateTruncating(values[i]);
        }
    }
}
