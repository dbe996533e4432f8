using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// wma, highest and lowest of x over n bars, taken from the window (the input's history) at every bar.
/// wma sums the weighted deviations from the current x, so a flat window gives x exactly. An na in the window
/// makes the value na (sparse inputs add the window's na; dense ones are na only before the node's first bar).
/// </summary>
internal struct ScanWindowNode<TL, TV, T, TKind, TNa, THistory, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKind : IWindowKind
    where TNa : INaPolicy
    where THistory : struct, ILaneHistory<TV, T>
    where TIn : ISlot
    where TOut : ISlot
{
    private THistory _history;
    private int _n, _firstBar;
    private TV _invWeights;

    public void Open(NodeSetup<T> setup)
    {
        var node = setup.Node(TOut.Index);
        _n = node.Period;
        _firstBar = (int)Math.Min(node.FirstBar, int.MaxValue - 1);
        _history = default;
        _history.Open(setup, _n);
        _invWeights = TL.Splat(T.CreateTruncating(2.0 / ((double)_n * (_n + 1))));
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        if (typeof(TNa) == typeof(Sparse) || bar.K >= _firstBar)
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
        int k = bar.K;
        TV x = TIn.Of(ref values);
        _history.Record(k, x);
        TV result = x, na = bar.Zero;
        if (typeof(TKind) == typeof(WmaKind)) result = bar.Zero;
        for (int j = 1; j < _n; j++)
        {
            TV older = _history.At(k - j, bar);
            if ((typeof(TNa) == typeof(Sparse))) na = TL.Add(na, LaneMath<TL, TV, T>.NaOf(older, bar));
            if (typeof(TKind) == typeof(HighestKind)) result = TL.Max(result, older);
            else if (typeof(TKind) == typeof(LowestKind)) result = TL.Min(result, older);
            else result = TL.MultiplyAdd(TL.Splat(T.CreateTruncating(_n - j)), TL.Subtract(older, x), result); // the bar j back weighs n − j
        }
        if (typeof(TKind) == typeof(WmaKind)) result = TL.MultiplyAdd(result, _invWeights, x);
        TOut.Of(ref values) = (typeof(TNa) == typeof(Sparse)) ? TL.Add(result, TL.Add(na, LaneMath<TL, TV, T>.NaOf(x, bar))) : result;
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
