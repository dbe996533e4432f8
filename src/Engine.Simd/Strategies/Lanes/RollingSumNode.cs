using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// sma, sum and stdev of x over n bars, from the sums S = Σ (x_i − x) and Q = Σ (x_i − x)² of the window's deviations
/// from the current value x, as the hand-fused S3 kernel kept them: the sums stay as small as the window's spread (which
/// f32 needs for the variance), and a flat window (the input's run of unchanged values, <see cref="UnchangedRunNode{TL, TV, T, THistory, TIn, TOut}"/>
/// in slot <typeparamref name="TRun"/>, at least n − 1) gives x and 0 exactly. A stdev whose input and period an sma
/// shares (bollinger's deviation and middle band) writes that mean too, in slot <typeparamref name="TMeanOut"/>
/// (<see cref="NoSlot"/>: none), from the same sums: the sma has no node of its own.
/// </summary>
/// <remarks>
/// For dense input (defined from its first bar on): the sums roll bar by bar and are recomputed from the window at the
/// node's first bar and at every block start (<see cref="Rebase"/>), so rounding cannot build up. Sparse input is
/// <see cref="ScanSumNode{TL, TV, T, TKind, THistory, TIn, TOut}"/>'s.
/// </remarks>
internal struct RollingSumNode<TL, TV, T, TKind, THistory, TIn, TRun, TOut, TMeanOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TKind : IRollingKind
    where THistory : struct, ILaneHistory<TV, T>
    where TIn : ISlot
    where TRun : ISlot
    where TOut : ISlot
    where TMeanOut : ISlot
{
    /// <summary>Bars ahead at which the window's leaving row is prefetched.</summary>
    private const int LeavingPrefetchBars = 8;

    private THistory _history;
    private int _n, _firstBar;
    private TV _count, _invCount, _flatAfter;
    private TV _sum, _squares;

    /// <summary>Per lane, the last bar whose sums are taken from the window after a jump (−1: none); the largest of them.</summary>
    private TV _recomputeUntil;
    private int _recomputeThrough;

    public void Open(NodeSetup<T> setup)
    {
        var node = setup.Node(TOut.Index);
        _n = node.Period;
        _firstBar = (int)Math.Min(node.FirstBar, int.MaxValue - 1);
        _history = default;
        _history.Open(setup, _n + 1);
        _count = TL.Splat(T.CreateTruncating(_n));
        _invCount = TL.Splat(T.CreateTruncating(1.0 / _n));
        _flatAfter = TL.Splat(T.CreateTruncating(_n - 1));
        _sum = _squares = LaneMath<TL, TV, T>.Zero;
        _recomputeUntil = TL.Splat(T.NegativeOne);
        _recomputeThrough = -1;
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        int k = bar.K;
        if (k > _firstBar)
        {
            StepSteady(ref values, bar);
            return;
        }
        TV x = TIn.Of(ref values);
        _history.Record(k, x);
        NoteJumps(k, TRun.Of(ref values), bar);
        if (k < _firstBar)
        {
            TOut.Of(ref values) = bar.Na;
            if (typeof(TMeanOut) != typeof(NoSlot)) TMeanOut.Of(ref values) = bar.Na;
            return;
        }
        Recompute(k, bar);
        TOut.Of(ref values) = Value(x, _sum, _squares, TRun.Of(ref values), bar);
        if (typeof(TMeanOut) != typeof(NoSlot)) TMeanOut.Of(ref values) = Mean(x, _sum, TRun.Of(ref values), bar);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        int k = bar.K;
        TV x = TIn.Of(ref values);
        _history.Record(k, x);
        // Moving the anchor from the previous x to x shifts every deviation by −d; then x_{k−n} leaves, x enters with 0.
        // In raw units (exact differences of an f32 panel's whole cents).
        TV raw = _history.RawAt(k, bar);
        TV d = _history.RawChange(bar);
        TV leaving = TL.Subtract(_history.RawAtPrefetching(k - _n, LeavingPrefetchBars, bar), raw);
        TV shift = TL.Multiply(_count, d);
        // The new sums in locals as well as the fields: reading a field back would wait on its store.
        TV squares = _squares;
        if (TKind.UsesSquares)
        {
            squares = TL.MultiplyAdd(d, TL.Subtract(shift, TL.Add(_sum, _sum)), squares);
            squares = TL.Subtract(squares, TL.Multiply(leaving, leaving));
            _squares = squares;
        }
        TV sum = TL.Subtract(TL.Subtract(_sum, shift), leaving);
        _sum = sum;
        // A jump (run −1): a rolling sum's rounding is that of the largest deviation it carried, and stays after it
        // leaves. The lane's sums are taken from the window until the jump's bar has left it (bar k + n).
        TV run = TRun.Of(ref values);
        NoteJumps(k, run, bar);
        if (k <= _recomputeThrough)
        {
            RecomputeDue(k, raw, bar);
            (sum, squares) = (_sum, _squares);
        }
        TOut.Of(ref values) = Value(x, sum, squares, run, bar);
        if (typeof(TMeanOut) != typeof(NoSlot)) TMeanOut.Of(ref values) = Mean(x, sum, run, bar);
    }

    /// <summary>Lanes whose input jumped at bar k (run −1) take their sums from the window through bar k + n.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void NoteJumps(int k, TV run, in LaneBar<TV, T> bar)
    {
        if (!TL.AnyGreaterThan(bar.Zero, run)) return;
        _recomputeUntil = TL.Select(TL.GreaterThan(bar.Zero, run), TL.Add(bar.Bar, _count), _recomputeUntil);
        _recomputeThrough = k + _n;
    }

    /// <summary>The sums of the lanes still within n bars of a jump, from the window (each lane as it would be alone).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void RecomputeDue(int k, TV raw, in LaneBar<TV, T> bar)
    {
        TV sum = bar.Zero, squares = bar.Zero;
        for (int j = k - _n + 1; j < k; j++)
        {
            TV deviation = TL.Subtract(_history.RawAt(j, bar), raw);
            sum = TL.Add(sum, deviation);
            if (TKind.UsesSquares) squares = TL.MultiplyAdd(deviation, deviation, squares);
        }
        TV due = TL.GreaterThanOrEqual(_recomputeUntil, bar.Bar);
        _sum = TL.Select(due, sum, _sum);
        if (TKind.UsesSquares) _squares = TL.Select(due, squares, _squares);
    }

    /// <summary>The value from the sums; lanes whose unchanged <paramref name="run"/> is at least n − 1 have an exactly flat window.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly TV Value(TV x, TV sum, TV squares, TV run, in LaneBar<TV, T> bar) =>
        // THistory.Scaled, written as type tests the importer folds: a property would spend one of the walk's inlines.
        TKind.Value<TL, TV, T>(x, sum, squares, _count, _invCount, run, _flatAfter,
            typeof(T) != typeof(double) && typeof(THistory) != typeof(RingHistory<TL, TV, T>) && typeof(THistory) != typeof(PanelHistory<TL, TV, T, VolumeField>), bar);

    /// <summary>The sma of the same window, from the same sums (<typeparamref name="TMeanOut"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly TV Mean(TV x, TV sum, TV run, in LaneBar<TV, T> bar) =>
        SmaKind.Value<TL, TV, T>(x, sum, sum, _count, _invCount, run, _flatAfter,
            typeof(T) != typeof(double) && typeof(THistory) != typeof(RingHistory<TL, TV, T>) && typeof(THistory) != typeof(PanelHistory<TL, TV, T, VolumeField>), bar);

    /// <summary>The sums of the window ending at bar <paramref name="k"/>, in raw units.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Recompute(int k, in LaneBar<TV, T> bar)
    {
        TV x = _history.RawAt(k, bar);
        TV sum = bar.Zero, squares = sum;
        for (int j = k - _n + 1; j <= k; j++)
        {
            TV deviation = TL.Subtract(_history.RawAt(j, bar), x);
            sum = TL.Add(sum, deviation);
            if (TKind.UsesSquares) squares = TL.MultiplyAdd(deviation, deviation, squares);
        }
        (_sum, _squares) = (sum, squares);
    }

    public void Rebase(in LaneBar<TV, T> bar)
    {
        // Before bar K: the window ending at K − 1, anchored at its value, once the window is whole.
        int last = bar.K - 1;
        if (last < _firstBar) return;
        Recompute(last, bar);
    }
}
