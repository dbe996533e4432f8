using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>x[n]: the input's value n bars ago, from its history (na before its first bar n + the input's first).</summary>
internal struct LagNode<TL, TV, T, THistory, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where THistory : struct, ILaneHistory<TV, T>
    where TIn : ISlot
    where TOut : ISlot
{
    private THistory _history;
    private int _n;

    public void Open(NodeSetup<T> setup)
    {
        _n = setup.Node(TOut.Index).Period;
        _history = default;
        _history.Open(setup, _n + 1);
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        if (bar.K >= _n)
        {
            StepSteady(ref values, bar);
            return;
        }
        _history.Record(bar.K, TIn.Of(ref values));
        TOut.Of(ref values) = bar.Na;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        _history.Record(bar.K, TIn.Of(ref values));
        TOut.Of(ref values) = _history.At(bar.K - _n, bar);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
