using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// Wilder's RSI of x (strategies.md §5, semantics §2): d = x − x[1], gains and losses smoothed like rma and seeded
/// with the mean of the first n defined differences; 100·AG/(AG + AL), 50 where AG + AL = 0. An na difference leaves
/// the averages unchanged and gives na.
/// </summary>
internal struct RsiNode<TL, TV, T, TNa, THistory, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNa : INaPolicy
    where THistory : struct, ILaneHistory<TV, T>
    where TIn : ISlot
    where TOut : ISlot
{
    private int _firstInput, _seedBar;
    private TV _count, _invCount, _hundred, _fifty, _smallestNormal;
    private THistory _history;
    private TV _gains, _losses, _seeded;

    public void Open(NodeSetup<T> setup)
    {
        var node = setup.Node(TOut.Index);
        int n = node.Period;
        _firstInput = (int)Math.Min(setup.Graph.Nodes[node.In0].FirstBar, int.MaxValue - 1);
        _seedBar = (int)Math.Min(node.FirstBar, int.MaxValue - 1);
        _count = TL.Splat(T.CreateTruncating(n));
        _invCount = TL.Splat(T.CreateTruncating(1.0 / n));
        _hundred = TL.Splat(T.CreateTruncating(100));
        _fifty = TL.Splat(T.CreateTruncating(50));
        _smallestNormal = TL.Splat(T.CreateTruncating(1.17549435e-38)); // the smallest normal float
        _history = default;
        _history.Open(setup, 2);
        _gains = _losses = _seeded = LaneMath<TL, TV, T>.Zero;
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        int k = bar.K;
        if (typeof(TNa) == typeof(Sparse) ? k > _firstInput : k > _seedBar)
        {
            StepSteady(ref values, bar);
            return;
        }
        TV x = TIn.Of(ref values);
        _history.Record(k, x);
        if (k == 0 || k <= _firstInput)
        {
            TOut.Of(ref values) = bar.Na;
            return;
        }
        // Raw units (exact differences of an f32 panel's whole cents): RSI is a ratio, the scale drops out.
        TV d = TL.Subtract(_history.RawAt(k, bar), _history.RawAt(k - 1, bar));
        TV gain = TL.Max(d, bar.Zero);
        if (typeof(TNa) == typeof(Dense))
        {
            _gains = TL.Add(_gains, gain);
            _losses = TL.Add(_losses, TL.Subtract(gain, d));
        }
        if (typeof(TNa) == typeof(Dense) && k == _seedBar)
        {
            _gains = TL.Multiply(_gains, _invCount);
            _losses = TL.Multiply(_losses, _invCount);
        }
        TOut.Of(ref values) = typeof(TNa) == typeof(Dense) && k == _seedBar ? Value(bar) : bar.Na;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        _history.Record(bar.K, TIn.Of(ref values));
        TV d = _history.RawChange(bar);
        TV gain = TL.Max(d, bar.Zero);
        TV loss = TL.Subtract(gain, d);
        if (typeof(TNa) == typeof(Sparse))
        {
            TOut.Of(ref values) = StepSparse(d, gain, loss, bar);
            return;
        }
        TV gains = FlushSubnormal(TL.MultiplyAdd(TL.Subtract(gain, _gains), _invCount, _gains));
        TV losses = FlushSubnormal(TL.MultiplyAdd(TL.Subtract(loss, _losses), _invCount, _losses));
        (_gains, _losses) = (gains, losses);
        TOut.Of(ref values) = Value(gains, losses, bar);
    }

    /// <summary>
    /// f32: an average below the smallest normal float is 0. Flat prices decay both averages geometrically; after some
    /// 1,200 flat bars they are subnormal, where the division of the RSI ran 2x slower (microcode assists) for a ratio
    /// that subnormals no longer hold to f32's precision anyway (and that reaches 0/0, RSI 50, a little later).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly TV FlushSubnormal(TV average) =>
        typeof(T) == typeof(float) ? TL.Select(TL.GreaterThanOrEqual(average, _smallestNormal), average, LaneMath<TL, TV, T>.Zero) : average;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly TV Value(in LaneBar<TV, T> bar) => Value(_gains, _losses, bar);

    /// <summary>The RSI of these averages (the new ones as locals on the hot path: the fields would wait on their stores).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly TV Value(TV gains, TV losses, in LaneBar<TV, T> bar)
    {
        TV both = TL.Add(gains, losses);
        return TL.Select(TL.Equal(both, bar.Zero), _fifty, TL.Divide(TL.Multiply(_hundred, gains), both));
    }

    /// <summary>Per lane: sums of the first n defined differences (counted in <c>_seeded</c>), then Wilder's smoothing on defined ones.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TV StepSparse(TV d, TV gain, TV loss, in LaneBar<TV, T> bar)
    {
        TV defined = LaneMath<TL, TV, T>.Defined(d);
        TV wasSeeded = TL.GreaterThanOrEqual(_seeded, _count);
        TV counting = TL.AndNot(defined, wasSeeded);
        TV moves = TL.And(wasSeeded, defined);
        _seeded = TL.Add(_seeded, TL.And(counting, bar.One));
        TV seedsNow = TL.And(counting, TL.Equal(_seeded, _count));
        TV gains = TL.Add(_gains, TL.And(counting, gain)), losses = TL.Add(_losses, TL.And(counting, loss));
        gains = TL.Select(seedsNow, TL.Multiply(gains, _invCount), gains);
        losses = TL.Select(seedsNow, TL.Multiply(losses, _invCount), losses);
        _gains = TL.Select(moves, TL.MultiplyAdd(TL.Subtract(gain, _gains), _invCount, _gains), gains);
        _losses = TL.Select(moves, TL.MultiplyAdd(TL.Subtract(loss, _losses), _invCount, _losses), losses);
        return TL.Select(TL.Or(moves, seedsNow), Value(bar), bar.Na);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
