using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Engines;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// Not a graph node: how many bars in a row a series has not changed (exactly), kept once per series that rolling
/// windows read, in a slot after the graph's. A window of n bars is flat when the run is at least n − 1: its mean is then
/// the value and its deviation 0 exactly, whatever the rounding of its rolling sums (strategies.md §4's ties).
/// A jump (a move by more than <see cref="KernelRules.JumpLimit"/> of the lower of the two values) makes the
/// run −1: the windows then take their sums from the window until the jump has left it (see <see cref="RollingSumNode{TL, TV, T, TKind, THistory, TIn, TRun, TOut, TMeanOut}"/>).
/// </summary>
internal struct UnchangedRunNode<TL, TV, T, THistory, TIn, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where THistory : struct, ILaneHistory<TV, T>
    where TIn : ISlot
    where TOut : ISlot
{
    private THistory _history;
    private TV _run, _jumpLimit;

    public void Open(NodeSetup<T> setup)
    {
        _history = default;
        _history.Open(setup, 2);
        _run = LaneMath<TL, TV, T>.Zero;
        _jumpLimit = TL.Splat(T.CreateTruncating(KernelRules.JumpLimit));
    }

    public void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        if (bar.K > 0)
        {
            StepSteady(ref values, bar);
            return;
        }
        _history.Record(0, TIn.Of(ref values));
        TOut.Of(ref values) = _run = bar.Zero;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar)
    {
        TV x = TIn.Of(ref values), previous = _history.At(bar.K - 1, bar);
        _history.Record(bar.K, x);
        // Unscaled, the change is the raw one other nodes take too (one subtraction for all).
        TV d = THistory.Scaled ? TL.Subtract(x, previous) : _history.RawChange(bar);
        TV run = TL.Select(TL.Equal(d, bar.Zero), TL.Add(_run, bar.One), bar.Zero);
        _run = run;
        TOut.Of(ref values) = TL.SelectWhereGreater(TL.AndNot(d, bar.SignMask), TL.Multiply(TL.MinMagnitude(x, previous), _jumpLimit), TL.Subtract(bar.Zero, bar.One), run);
    }

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}
