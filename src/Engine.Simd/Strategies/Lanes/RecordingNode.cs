using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// A bool node that computes its value as <typeparamref name="TNode"/> does and records it for the combinations of a
/// grid that read it (<see cref="NodeSharing"/>): one byte per lane per bar in <see cref="BoolRecord"/>'s code, rows the
/// panel's stride apart. Inlined like any node, so a recording walk keeps its values in registers.
/// </summary>
internal unsafe struct RecordingNode<TL, TV, T, TNode, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNode : struct, ILaneNode<TV, T>
    where TOut : ISlot
{
    // Public like a sequence's nodes: opened in place, never assigned as a whole.
    public TNode Node;
    private sbyte* _rows;

    public void Open(NodeSetup<T> setup)
    {
        _rows = setup.Record(TOut.Index);
        Node.Open(setup);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        Node.Step(ref values, bar);
        Store(ref values, bar);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        Node.StepSteady(ref values, bar);
        Store(ref values, bar);
    }

    public void Rebase(in LaneBar<TV, T> bar) => Node.Rebase(bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly void Store(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV value = TOut.Of(ref values);
        TL.StoreLowBytes(BoolRecord.Code<TL, TV, T>(value, bar), ref *(_rows + bar.K * bar.Stride));
    }
}
