using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>x[n]: the input's value n bars ago, from a ring of its last n + 1 bars (na before bar n: the ring starts na).</summary>
internal unsafe struct LagNode<TL, TV, T, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TIn : ISlot
    where TOut : ISlot
{
    private LaneRing<T> _ring;
    private int _n;

    public void Open(NodeSetup<T> setup)
    {
        _n = setup.Next(out _).Period;
        _ring = setup.Ring(_n + 1);
    }

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        LaneMath<TL, TV, T>.Store(TIn.Of(ref values), _ring.Row(bar.K));
        TOut.Of(ref values) = LaneMath<TL, TV, T>.Load(_ring.Row(bar.K - _n));
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
