using System.Runtime.CompilerServices;

namespace Backtest.Simulation;

/// <summary>
/// One symbol's account, long or short (semantics §4-§5, strategies.md §6), in f64: cash, the signed position
/// (−q while short) with its entry and protective levels, the order pending for the next open, the closed
/// trades. Every engine plays its bars through <see cref="Advance"/>: the reference at every bar, the SIMD
/// kernel at the bars where the account can act (its event pass).
/// </summary>
public struct PositionAccount
{
    public double Cash;

    /// <summary>Shares held: positive while long, −q while short, 0 when flat.</summary>
    public long Shares;

    /// <summary>The entry's fill price (after slippage) and fee.</summary>
    public double EntryPrice;
    public double EntryFee;
    public double Stop;
    public double Target;

    /// <summary>The entry's fill bar (f of the time limit) and the bar whose close decided it.</summary>
    public int EntryBar;
    public int EntryDecisionBar;

    /// <summary>Closes before this bar (the warm-up, W) take no decision.</summary>
    public int FirstDecisionBar;

    /// <summary>The symbol's last bar: no decision there, an open position is closed at its close.</summary>
    public int LastBar;

    /// <summary>The relative tolerance of "a price reaches the stop / target" (1e-9, or wider for f32 prices).</summary>
    public double ProtectiveTolerance;

    /// <summary>fill=next-open: an exit decided at the last close, to fill at this open before any entry.</summary>
    public bool PendingExit;
    public ExitReason PendingReason;

    /// <summary>fill=next-open: an entry decided at the last close (after <see cref="PendingExit"/> for a reversal).</summary>
    public TradeSide? PendingEntry;
    public int PendingDecisionBar;

    public List<Trade>? Trades;

    /// <summary>Entry orders dropped because the budget could not buy (or sell short) one share.</summary>
    public int UnaffordableEntries;

    public static PositionAccount Open(double capital, int firstDecisionBar, int lastBar, double protectiveTolerance = OrderMath.ProtectiveEpsilon) => new()
    {
        Cash = capital,
        FirstDecisionBar = firstDecisionBar,
        LastBar = lastBar,
        ProtectiveTolerance = protectiveTolerance,
        EntryBar = -1,
        EntryDecisionBar = -1,
        PendingDecisionBar = -1,
    };

    public readonly TradeSide Side => Shares < 0 ? TradeSide.Short : TradeSide.Long;

    public readonly bool HasPending => PendingExit || PendingEntry.HasValue;

    /// <summary>
    /// Bar k from its open to its close, in the order of semantics §4: the pending order fills at the open (the
    /// exit first); the protective exits; at the last bar the position is closed (reason end); else, from
    /// <see cref="FirstDecisionBar"/> on, the close decides with <paramref name="rules"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int k, double open, double high, double low, double close, RuleSignals rules, in AccountSettings settings)
    {
        FillPending(k, open, settings);
        ProtectiveExits(k, open, high, low, settings);
        if (k == LastBar)
        {
            if (Shares != 0) Exit(k, close, ExitReason.End, settings);
            return;
        }
        if (k >= FirstDecisionBar) Decide(k, close, rules, settings);
    }

    /// <summary>The order decided at the previous close fills at this open: the exit, then the entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void FillPending(int k, double open, in AccountSettings settings)
    {
        if (PendingExit) Exit(k, open, PendingReason, settings);
        if (PendingEntry is { } side) Enter(k, open, side, PendingDecisionBar, settings);
        PendingExit = false;
        PendingEntry = null;
    }

    /// <summary>
    /// Stops and targets, on every bar after the entry decision bar: open reaches the stop, open reaches the
    /// target (both at the open, skipped on the entry fill bar of next-open), the bar's adverse extreme reaches
    /// the stop (at the stop), its favourable extreme reaches the target (at the target).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void ProtectiveExits(int k, double open, double high, double low, in AccountSettings settings)
    {
        if (Shares == 0 || k <= EntryDecisionBar || !settings.Protective) return;
        var side = Side;
        bool useStop = settings.UseStop, useTarget = settings.UseTarget;
        bool filledAtThisOpen = k == EntryBar && !settings.FillAtClose;
        double adverse = side == TradeSide.Long ? low : high, favourable = side == TradeSide.Long ? high : low;
        double tolerance = ProtectiveTolerance;
        if (!filledAtThisOpen && useStop && OrderMath.ReachesStop(open, Stop, side, tolerance)) Exit(k, open, ExitReason.StopLoss, settings);
        else if (!filledAtThisOpen && useTarget && OrderMath.ReachesTarget(open, Target, side, tolerance)) Exit(k, open, ExitReason.TakeProfit, settings);
        else if (useStop && OrderMath.ReachesStop(adverse, Stop, side, tolerance)) Exit(k, Stop, ExitReason.StopLoss, settings);
        else if (useTarget && OrderMath.ReachesTarget(favourable, Target, side, tolerance)) Exit(k, Target, ExitReason.TakeProfit, settings);
    }

    /// <summary>
    /// The decision at the close of bar k (strategies.md §6): an exit (the position's own rule: signal; the
    /// time limit: time; signal when both), then an entry if no order is pending and the account is flat or
    /// exiting here: long on buy, short on short, neither on both, and never in the direction being exited.
    /// With fill=close both fill at this close, the exit first; with next-open they wait for the next open.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Decide(int k, double close, RuleSignals rules, in AccountSettings settings)
    {
        if (HasPending) return;
        var p = settings.Parameters;
        bool exiting = false;
        var reason = ExitReason.Signal;
        if (Shares != 0)
        {
            bool signal = (rules & (Shares > 0 ? RuleSignals.Sell : RuleSignals.Cover)) != 0;
            bool time = settings.UseTime && k - EntryBar >= p.MaxHoldBars;
            exiting = signal || time;
            reason = signal ? ExitReason.Signal : ExitReason.Time;
        }

        TradeSide? entry = null;
        if (Shares == 0 || exiting)
        {
            bool buy = (rules & RuleSignals.Buy) != 0, sellShort = (rules & RuleSignals.Short) != 0;
            if (buy && !sellShort) entry = TradeSide.Long;
            else if (sellShort && !buy) entry = TradeSide.Short;
            if (exiting && entry == Side) entry = null;
        }

        if (settings.FillAtClose)
        {
            if (exiting) Exit(k, close, reason, settings);
            if (entry is { } side) Enter(k, close, side, k, settings);
        }
        else
        {
            PendingExit = exiting;
            PendingReason = reason;
            PendingEntry = entry;
            if (entry.HasValue) PendingDecisionBar = k;
        }
    }

    /// <summary>
    /// Opens a position at <paramref name="price"/> (before slippage) with the budget cash × position_size,
    /// cash as it is just before this fill. No entry while cash ≤ 0; an order that cannot afford one share is
    /// dropped without a fee, and counted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Enter(int k, double price, TradeSide side, int decisionBar, in AccountSettings settings)
    {
        if (Cash <= 0) return;
        var p = settings.Parameters;
        double fillPrice = OrderMath.EntryPrice(price, side, settings.Orders);
        long q = OrderMath.SharesFor(Cash * p.PositionSize, fillPrice, settings.Orders);
        if (q < 1)
        {
            UnaffordableEntries++;
            return;
        }
        double fee = OrderMath.Fee(q * fillPrice, settings.Orders);
        if (side == TradeSide.Long)
        {
            Cash -= q * fillPrice + fee;
            Shares = q;
        }
        else
        {
            Cash += q * fillPrice - fee;
            Shares = -q;
        }
        EntryPrice = fillPrice;
        EntryFee = fee;
        EntryBar = k;
        EntryDecisionBar = decisionBar;
        Stop = OrderMath.StopPrice(fillPrice, side, settings.Orders);
        Target = OrderMath.TargetPrice(fillPrice, side, settings.Orders);
    }

    /// <summary>Closes the position at <paramref name="price"/> (the raw open, stop, target or close; slippage applies).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Exit(int k, double price, ExitReason reason, in AccountSettings settings)
    {
        var side = Side;
        long q = Math.Abs(Shares);
        double fillPrice = OrderMath.ExitPrice(price, side, settings.Orders);
        double fee = OrderMath.Fee(q * fillPrice, settings.Orders);
        double pnl;
        if (side == TradeSide.Long)
        {
            Cash += q * fillPrice - fee;
            pnl = q * (fillPrice - EntryPrice) - EntryFee - fee;
        }
        else
        {
            Cash -= q * fillPrice + fee;
            pnl = q * (EntryPrice - fillPrice) - EntryFee - fee;
        }
        (Trades ??= []).Add(new Trade(EntryBar, k, EntryPrice, fillPrice, q, pnl, 100 * pnl / (q * EntryPrice), reason, side));
        Shares = 0;
    }
}
