using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// ema(x, a) − ema(x, b) of a dense x (macd's line, as FunctionCatalog lowers it), with both EMAs held as offsets
/// from x: o = e − x moves as o' = (1 − α)·(o − d), d = x' − x, and the line is o_a − o_b. Each EMA is seeded as
/// ema is (the mean of its first n inputs, strategies.md §5), as an offset: Σ(x_j − x_first)/n − (x − x_first).
/// </summary>
/// <remarks>
/// Two f32 EMA levels near the price subtract to ~1e-7 of the price: on a run of unchanged closes the line and its
/// signal shrink to ~1e-9 of the close, where the spec's comparisons still decide (ε = 1e-9·close) and levels cannot.
/// Offsets are small numbers, kept to their own f32 precision, and a flat run (d = 0) only scales them, as the
/// fastOffset/slowOffset of the hand-fused S3 kernel it replaced. Sparse x keeps the two ema nodes and a subtraction.
/// </remarks>
internal struct EmaSpreadNode<TL, TV, T, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TIn : ISlot
    where TOut : ISlot
{
    private int _firstInput, _seedA, _seedB, _lineFrom;
    private TV _keepA, _keepB, _invA, _invB;
    private TV _offsetA, _offsetB, _anchor, _seedSum, _previous;

    public void Open(NodeSetup<T> setup)
    {
        var node = setup.Node(TOut.Index);
        var nodes = setup.Graph.Nodes;
        GraphNode a = nodes[node.In0], b = nodes[node.In1];
        _firstInput = Clamp(nodes[nodes[node.In0].In0].FirstBar);
        _seedA = Clamp(a.FirstBar);
        _seedB = Clamp(b.FirstBar);
        _lineFrom = Math.Max(_seedA, _seedB);
        _keepA = TL.Splat(T.CreateTruncating(1 - 2.0 / (a.Period + 1.0)));
        _keepB = TL.Splat(T.CreateTruncating(1 - 2.0 / (b.Period + 1.0)));
        _invA = TL.Splat(T.CreateTruncating(1.0 / a.Period));
        _invB = TL.Splat(T.CreateTruncating(1.0 / b.Period));
        _offsetA = _offsetB = _anchor = _seedSum = _previous = LaneMath<TL, TV, T>.Zero;
    }

    private static int Clamp(long bar) => (int)Math.Min(bar, int.MaxValue - 1);

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        int k = bar.K;
        if (k < _firstInput)
        {
            TOut.Of(ref values) = bar.Na;
            return;
        }
        TV x = TIn.Of(ref values);
        if (k == _firstInput) _anchor = _previous = x;
        TV d = TL.Subtract(x, _previous);
        _previous = x;
        TV fromAnchor = TL.Subtract(x, _anchor);
        if (k <= _lineFrom) _seedSum = TL.Add(_seedSum, fromAnchor);
        _offsetA = Advance(k, _seedA, _offsetA, d, _keepA, _invA, fromAnchor);
        _offsetB = Advance(k, _seedB, _offsetB, d, _keepB, _invB, fromAnchor);
        TOut.Of(ref values) = k >= _lineFrom ? TL.Subtract(_offsetA, _offsetB) : bar.Na;
    }

    /// <summary>One EMA's offset at bar k of the warm-up: nothing before its seed, the seed at it, the recursion after.</summary>
    private readonly TV Advance(int k, int seed, TV offset, TV d, TV keep, TV inverse, TV fromAnchor) =>
        k < seed ? offset
        : k == seed ? TL.Subtract(TL.Multiply(_seedSum, inverse), fromAnchor)
        : TL.Multiply(TL.Subtract(offset, d), keep);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV x = TIn.Of(ref values);
        TV d = TL.Subtract(x, _previous);
        _previous = x;
        TV offsetA = TL.Multiply(TL.Subtract(_offsetA, d), _keepA), offsetB = TL.Multiply(TL.Subtract(_offsetB, d), _keepB);
        (_offsetA, _offsetB) = (offsetA, offsetB);
        TOut.Of(ref values) = TL.Subtract(offsetA, offsetB);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
