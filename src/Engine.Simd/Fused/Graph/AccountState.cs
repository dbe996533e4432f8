namespace Backtest.Fused.Graph;

/// <summary>
/// What the account walk carries from bar to bar for one chunk (<see cref="GraphAccount{TL, TV, T}"/>): the position
/// as the event path last left it, equity and the metric sums. It lives in memory only between calls of the walk, which
/// copies what it changes into locals (registers) on entry and back on exit. The strategy's nodes are the node walk's.
/// </summary>
internal struct AccountState<TV>
    where TV : struct
{
    /// <summary>
    /// The position: shares (per stored price unit), cash (relative to the capital in f32), long and short masks, whether
    /// the lane may enter after this close, an order pending for the next open, the time limit's bar, and the protective
    /// screens: a low at or below <see cref="LowScreen"/> or a high at or above <see cref="HighScreen"/> may exit
    /// (a long's stop and target; a short's target and stop).
    /// </summary>
    public TV Shares, Cash, InLong, InShort, CanEnter, Pending, Due, LowScreen, HighScreen;

    /// <summary>Equity after the previous bar.</summary>
    public TV EquityBefore;

    public MetricSums<TV> Sums;

    /// <summary>The bar index as a vector and each lane's last bar.</summary>
    public TV Bar, LastBars;

    /// <summary>The previous close as stored (the f32 return of a bar without a fill).</summary>
    public TV PreviousClose;

    /// <summary>Handed to the event path at an event bar: the rules that hold, the lanes with events, the f32 return.</summary>
    public TV Buy, Sell, Short, Cover, Events, RelativeReturn;

    /// <summary>
    /// fill=next-open: lanes whose decision at the previous close was left to the event path of the fill bar (no other
    /// event there), and the rules that held then as <see cref="Simulation.RuleSignals"/> bits.
    /// </summary>
    public TV Deferred, DeferredSignals;

    /// <summary>The next bar to walk.</summary>
    public int K;

    /// <summary>The walk stopped at bar K's events, which the event path has played: finish bar K.</summary>
    public bool Resume;
}
