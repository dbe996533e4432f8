using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// ema (α = 2/(n+1)) and rma (α = 1/n) of x, seeded with the mean of the first n defined inputs counted from the
/// input's first bar, then e += α·(x − e). An na input leaves e unchanged and gives na (strategies.md §5).
/// </summary>
/// <remarks>Dense input: the seed bar is the same for every lane, so the seeding is a branch on the bar. Sparse input: each lane counts its own defined inputs.</remarks>
internal struct RecursiveNode<TL, TV, T, TKind, TNa, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKind : IWindowKind
    where TNa : INaPolicy
    where TIn : ISlot
    where TOut : ISlot
{
    private int _firstInput, _seedBar;
    private TV _alpha, _count, _invCount;
    private TV _value, _seedSum, _seeded;

    public void Open(NodeSetup<T> setup)
    {
        var node = setup.Node(TOut.Index);
        int n = node.Period;
        _firstInput = (int)Math.Min(setup.Graph.Nodes[node.In0].FirstBar, int.MaxValue - 1);
        _seedBar = (int)Math.Min(node.FirstBar, int.MaxValue - 1);
        _alpha = TL.Splat(T.CreateTruncating(typeof(TKind) == typeof(EmaKind) ? 2.0 / (n + 1.0) : 1.0 / n));
        _count = TL.Splat(T.CreateTruncating(n));
        _invCount = TL.Splat(T.CreateTruncating(1.0 / n));
        _value = _seedSum = _seeded = LaneMath<TL, TV, T>.Zero;
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        int k = bar.K;
        if (k < _firstInput)
        {
            TOut.Of(ref values) = bar.Na;
            return;
        }
        if (typeof(TNa) == typeof(Sparse) || k > _seedBar)
        {
            StepSteady(ref values, bar);
            return;
        }
        _seedSum = TL.Add(_seedSum, TIn.Of(ref values));
        if (k == _seedBar) _value = TL.Multiply(_seedSum, _invCount);
        TOut.Of(ref values) = k == _seedBar ? _value : bar.Na;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV x = TIn.Of(ref values);
        if (typeof(TNa) == typeof(Sparse))
        {
            TOut.Of(ref values) = StepSparse(x, bar);
            return;
        }
        // The new value from a local: reading the field back would wait on its store.
        TV value = TL.MultiplyAdd(TL.Subtract(x, _value), _alpha, _value);
        _value = value;
        TOut.Of(ref values) = value;
    }

    /// <summary>Per lane: count defined inputs (in <c>_seeded</c>) until n, then recurse on defined inputs only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV StepSparse(TV x, in LaneBar<TV, T> bar)
    {
        TV one = bar.One;
        TV defined = LaneMath<TL, TV, T>.Defined(x);
        TV wasSeeded = TL.GreaterThanOrEqual(_seeded, _count);
        TV counting = TL.AndNot(defined, wasSeeded);
        _seedSum = TL.Add(_seedSum, TL.And(counting, x));
        _seeded = TL.Add(_seeded, TL.And(counting, one));
        TV seedsNow = TL.And(counting, TL.Equal(_seeded, _count));
        TV moves = TL.And(wasSeeded, defined);
        TV next = TL.Select(moves, TL.MultiplyAdd(TL.Subtract(x, _value), _alpha, _value), _value);
        _value = TL.Select(seedsNow, TL.Multiply(_seedSum, _invCount), next);
        return TL.Select(TL.Or(moves, seedsNow), _value, bar.Na);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
