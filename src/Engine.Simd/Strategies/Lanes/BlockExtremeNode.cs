using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// highest or lowest of a dense input over n bars in a constant number of operations a bar (van Herk / Gil-Werman):
/// time is cut into blocks of n bars; the running extreme of the current block from its start (prefix) and, computed
/// once at each block start, the extreme of every suffix of the previous block together cover any window of n bars:
/// extreme = max(suffix of the previous block from k − n + 1, prefix of this block to k).
/// </summary>
/// <remarks>Measured against the window scan (<see cref="ScanWindowNode{TL, TV, T, TKind, TNa, THistory, TIn, TOut}"/>, which sparse inputs keep): donchian(20) went from n − 1 max a bar per channel line to three.</remarks>
internal unsafe struct BlockExtremeNode<TL, TV, T, TKind, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKind : IWindowKind
    where TIn : ISlot
    where TOut : ISlot
{
    private LaneRing<T> _inputs, _suffixes;
    private int _n, _firstBar, _position;
    private TV _prefix;

    public void Open(NodeSetup<T> setup)
    {
        var node = setup.Node(TOut.Index);
        _n = node.Period;
        _firstBar = (int)Math.Min(node.FirstBar, int.MaxValue - 1);
        _inputs = setup.Ring(_n);
        _suffixes = setup.Ring(_n);
        _position = 0;
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        StepSteady(ref values, bar);
        if (bar.K < _firstBar) TOut.Of(ref values) = bar.Na;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        int k = bar.K;
        TV x = TIn.Of(ref values);
        if (_position == 0)
        {
            // A block starts: the suffix extremes of the block that just ended, from its last bar back.
            TV suffix = LaneMath<TL, TV, T>.Load(_inputs.Row(k - 1));
            LaneMath<TL, TV, T>.Store(suffix, _suffixes.Row(k - 1));
            for (int j = k - 2; j >= k - _n; j--)
            {
                suffix = Extreme(suffix, LaneMath<TL, TV, T>.Load(_inputs.Row(j)));
                LaneMath<TL, TV, T>.Store(suffix, _suffixes.Row(j));
            }
            _prefix = x;
        }
        else _prefix = Extreme(_prefix, x);
        LaneMath<TL, TV, T>.Store(x, _inputs.Row(k));
        // The window [k − n + 1, k] is this block's prefix alone when k ends the block, else it starts in the previous one.
        TOut.Of(ref values) = _position == _n - 1 ? _prefix : Extreme(LaneMath<TL, TV, T>.Load(_suffixes.Row(k - _n + 1)), _prefix);
        _position = _position == _n - 1 ? 0 : _position + 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Extreme(TV a, TV b) => typeof(TKind) == typeof(HighestKind) ? TL.Max(a, b) : TL.Min(a, b);

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
