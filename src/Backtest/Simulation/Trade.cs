namespace Backtest.Simulation;

/// <summary>
/// One closed trade: an entry fill and its exit fill (spec §5, strategies.md §6). Bars are indices into the
/// symbol's series; prices are fill prices after slippage; shares is the positive count whatever the side;
/// pnl includes both fees.
/// </summary>
public readonly record struct Trade(
    int EntryBar,
    int ExitBar,
    double EntryPrice,
    double ExitPrice,
    long Shares,
    double Pnl,
    double ReturnPct,
    ExitReason Reason,
    TradeSide Side = TradeSide.Long);
