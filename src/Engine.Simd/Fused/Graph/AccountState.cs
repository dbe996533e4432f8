namespace Backtest.Fused.Graph;

/// <summary>
/// What the account walk carries from stretch to stretch for one chunk (<see cref="GraphAccount{TL, TV, T}"/>): the
/// position as the event pass last left it, equity and the metric sums. It lives in memory only between stretches; the
/// walk copies it into locals (registers) on entry and back on exit. The positions themselves are the lanes'
/// <see cref="Simulation.PositionAccount"/>s; the strategy's nodes are the node walk's.
/// </summary>
internal struct AccountState<TV>
    where TV : struct
{
    /// <summary>Shares per stored price unit and cash (relative to the capital in f32).</summary>
    public TV Shares, Cash;

    /// <summary>Equity after the previous bar.</summary>
    public TV EquityBefore;

    public MetricSums<TV> Sums;

    /// <summary>The bar index as a vector and each lane's last bar.</summary>
    public TV Bar, LastBars;

    /// <summary>The previous close as stored (the f32 return of a bar without a fill).</summary>
    public TV PreviousClose;
}
