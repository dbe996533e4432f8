using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// sma, sum and stdev of an input that may be na at any bar: the sums of deviations from the current x are taken from
/// the window at every bar, so an na in the window makes the value na by IEEE arithmetic alone, and a flat window's
/// deviations are exactly 0.
/// </summary>
internal struct ScanSumNode<TL, TV, T, TKind, THistory, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKind : IRollingKind
    where THistory : struct, ILaneHistory<TV, T>
    where TIn : ISlot
    where TOut : ISlot
{
    private THistory _history;
    private int _n;
    private TV _count, _invCount;

    public void Open(NodeSetup<T> setup)
    {
        _n = setup.Node(TOut.Index).Period;
        _history = default;
        _history.Open(setup, _n);
        _count = TL.Splat(T.CreateTruncating(_n));
        _invCount = TL.Splat(T.CreateTruncating(1.0 / _n));
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        int k = bar.K;
        TV x = TIn.Of(ref values);
        _history.Record(k, x);
        TV sum = bar.Zero, squares = bar.Zero;
        for (int j = 1; j < _n; j++)
        {
            TV deviation = TL.Subtract(_history.At(k - j, bar), x);
            sum = TL.Add(sum, deviation);
            if (TKind.UsesSquares) squares = TL.MultiplyAdd(deviation, deviation, squares);
        }
        // x itself deviates by 0, but an na x must make the value na.
        sum = TL.Add(sum, LaneMath<TL, TV, T>.NaOf(x, bar));
        // Never taken as flat: a run of 0 short of 1.
        TOut.Of(ref values) = TKind.Value<TL, TV, T>(x, sum, squares, _count, _invCount, bar.Zero, bar.One, scaled: false, bar);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
