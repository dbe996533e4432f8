using Backtest.Simulation;
using Backtest.Strategy;

namespace Backtest.Fused;

/// <summary>
/// One lane's account in f64, whatever the kernel's precision: cash, the position and its levels, the
/// pending order and the closed trades. The vector loop only detects the bars where something may happen
/// to a lane (its events); Advance then plays that bar for the lane exactly as spec §4
/// orders it: a pending order fills at the open, then the protective exits, then the close decides.
/// </summary>
internal struct LaneAccount
{
    public double Cash;
    public long Shares;
    public double EntryPrice;
    public double EntryFee;
    public double Stop;
    public double Target;
    public int EntryBar;
    public int EntryDecisionBar;

    /// <summary>The lane's last bar: no decision there, an open position is sold at its close.</summary>
    public int LastBar;

    /// <summary>The relative tolerance of "a price reaches the stop / target" for this lane's prices.</summary>
    public double ProtectiveTolerance;

    public PendingOrder Pending;
    public ExitReason PendingReason;
    public double PendingBudget;
    public int PendingDecisionBar;
    public List<Trade>? Trades;

    /// <summary>Entry orders dropped because the budget could not buy one share.</summary>
    public int UnaffordableEntries;

    public static LaneAccount Open(double capital, int lastBar, double protectiveTolerance) => new()
    {
        Cash = capital,
        LastBar = lastBar,
        ProtectiveTolerance = protectiveTolerance,
        EntryBar = -1,
        EntryDecisionBar = -1,
        PendingDecisionBar = -1,
    };

    public readonly bool InPosition => Shares > 0;

    /// <summary>Flat at the close, no order pending, cash left, and a later bar to trade on.</summary>
    public readonly bool CanEnterAfter(int bar) => Shares == 0 && Pending == PendingOrder.None && Cash > 0 && bar < LastBar;

    /// <summary>Bar k of this lane, from its open to its close. <paramref name="score"/> is the score at the close.</summary>
    public void Advance(int k, double open, double high, double low, double close, double score, in KernelSettings settings)
    {
        var p = settings.Parameters;
        Advance(k, open, high, low, close, score < -p.Threshold, score > p.Threshold, k >= settings.Warmup, settings);
    }

    /// <summary>
    /// Bar k of this lane, with the strategy's rules that hold at its close (the graph walk gives none before the
    /// strategy's first decision bar). Long only for now: sell exits, buy enters unless short holds too (strategies.md
    /// §6: neither when both hold); the long/short account replaces this mapping.
    /// </summary>
    public void Advance(int k, double open, double high, double low, double close, RuleSignals signals, in KernelSettings settings) =>
        Advance(k, open, high, low, close, (signals & RuleSignals.Sell) != 0,
            (signals & (RuleSignals.Buy | RuleSignals.Short)) == RuleSignals.Buy, decides: true, settings);

    private void Advance(int k, double open, double high, double low, double close, bool exitSignal, bool entrySignal, bool decides, in KernelSettings settings)
    {
        var p = settings.Parameters;

        if (Pending == PendingOrder.Buy) Buy(k, open, PendingBudget, PendingDecisionBar, p);
        else if (Pending == PendingOrder.Sell) Sell(k, open, PendingReason, p);
        Pending = PendingOrder.None;

        if (Shares > 0 && k > EntryDecisionBar && settings.Protective)
        {
            bool boughtAtThisOpen = k == EntryBar && p.Fill == FillMode.NextOpen;
            bool useStop = settings.UseStop, useTarget = settings.UseTarget;
            double tolerance = ProtectiveTolerance;
            if (!boughtAtThisOpen && useStop && OrderMath.ReachesStop(open, Stop, tolerance)) Sell(k, open, ExitReason.StopLoss, p);
            else if (!boughtAtThisOpen && useTarget && OrderMath.ReachesTarget(open, Target, tolerance)) Sell(k, open, ExitReason.TakeProfit, p);
            else if (useStop && OrderMath.ReachesStop(low, Stop, tolerance)) Sell(k, Stop, ExitReason.StopLoss, p);
            else if (useTarget && OrderMath.ReachesTarget(high, Target, tolerance)) Sell(k, Target, ExitReason.TakeProfit, p);
        }

        if (k == LastBar)
        {
            if (Shares > 0) Sell(k, close, ExitReason.End, p);
            return;
        }
        if (!decides) return;

        if (Shares > 0)
        {
            bool signal = exitSignal;
            bool time = settings.UseTime && k - EntryBar >= p.MaxHoldBars;
            if (!signal && !time) return;
            var reason = signal ? ExitReason.Signal : ExitReason.Time;
            if (p.Fill == FillMode.Close) Sell(k, close, reason, p);
            else { Pending = PendingOrder.Sell; PendingReason = reason; }
        }
        else if (entrySignal && Cash > 0)
        {
            double budget = Cash * p.PositionSize;
            if (p.Fill == FillMode.Close) Buy(k, close, budget, k, p);
            else { Pending = PendingOrder.Buy; PendingBudget = budget; PendingDecisionBar = k; }
        }
    }

    private void Buy(int k, double price, double budget, int decisionBar, StrategyParameters p)
    {
        double bp = OrderMath.BuyPrice(price, p);
        long q = OrderMath.SharesFor(budget, bp, p);
        if (q < 1)
        {
            UnaffordableEntries++; // cannot afford one share: dropped without fee
            return;
        }
        double fee = OrderMath.Fee(q * bp, p);
        Cash -= q * bp + fee;
        Shares = q;
        EntryPrice = bp;
        EntryFee = fee;
        EntryBar = k;
        EntryDecisionBar = decisionBar;
        Stop = OrderMath.StopPrice(bp, p);
        Target = OrderMath.TargetPrice(bp, p);
    }

    private void Sell(int k, double price, ExitReason reason, StrategyParameters p)
    {
        double sp = OrderMath.SellPrice(price, p);
        double fee = OrderMath.Fee(Shares * sp, p);
        Cash += Shares * sp - fee;
        double pnl = Shares * (sp - EntryPrice) - EntryFee - fee;
        (Trades ??= []).Add(new Trade(EntryBar, k, EntryPrice, sp, Shares, pnl, 100 * pnl / (Shares * EntryPrice), reason));
        Shares = 0;
    }
}
