namespace Backtest.Fused;

/// <summary>
/// Everything the fused kernel carries from bar to bar for one chunk, as vectors of lanes. It lives in
/// memory only between calls of <see cref="FusedKernel{TL, TV, T}"/>'s walk, which copies it into locals
/// (registers) on entry and back on exit: the walk returns at every event bar so that its loop contains
/// no call, since a call would force every vector live across it onto the stack.
/// </summary>
internal struct KernelState<TV>
    where TV : struct
{
    // Window sums of deviations from the current close (Σ (x − close), Σ (x − close)² for the bands).
    public TV SumFast, SumSlow, SumBands, SumBandSquares;

    // Recursive indicators: MACD EMAs as offsets from the close, the signal, Wilder's averages, and the
    // count of unchanged closes in a row.
    public TV FastOffset, SlowOffset, Macd, Signal, AvgGain, AvgLoss, Unchanged;

    // The position as the event path last left it, and orders pending for the next open (PendingSignal:
    // an exit's reason is the signal, else the time limit).
    public TV Shares, Cash, InPosition, CanEnter, Pending, PendingSignal, Due, StopScreen, TargetScreen;

    // Equity and the metric accumulators.
    public TV EquityBefore, Peak, MaxDrawdown, LowestRatio;
    public TV SumReturns, SumSquares, SumDownside, BarsInMarket;

    // Bars below the running peak in a row up to the lane's last bar, and the longest such run.
    public TV DrawdownRun, LongestDrawdownRun;

    /// <summary>The bar index as a vector (for comparisons with per-lane bars), and each lane's last bar.</summary>
    public TV Bar, LastBars;

    /// <summary>Each lane's ε for comparisons of price levels, relative to the close.</summary>
    public TV TieEpsilon;

    /// <summary>Handed to the event path at an event bar: the score, the lanes with events, the f32 return.</summary>
    public TV Score, Events, RelativeReturn;

    /// <summary>
    /// Per lane, the last bar whose window sums are recomputed from the window (a jump's bar + the longest
    /// window, see <see cref="FusedKernel{TL, TV, T}"/>); −1 where none is due. <see cref="RebaseThrough"/> is the largest.
    /// </summary>
    public TV RebaseUntil;

    public int RebaseThrough;

    /// <summary>The next bar to walk.</summary>
    public int K;

    /// <summary>The walk stopped at bar K's events, which the event path has played: finish bar K.</summary>
    public bool Resume;
}
