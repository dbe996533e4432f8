using System.Runtime.InteropServices;
using Backtest.Simulation;

namespace Backtest.Metal.Host;

/// <summary>One closed trade as the shader writes it (its <c>TradeRecord</c>).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TradeRecord
{
    public int EntryBar;
    public int ExitBar;
    public DoubleFloat EntryPrice;
    public DoubleFloat ExitPrice;
    public DoubleFloat Shares;
    public DoubleFloat Pnl;
    public uint Reason;

    /// <summary>The trade of spec §5; return_pct is derived here, in f64, from the double-float values.</summary>
    public readonly Trade ToTrade()
    {
        if (Reason > (uint)ExitReason.End)
            throw new InvalidOperationException($"The kernel wrote exit reason {Reason}, which is none of spec §7's.");
        long shares = (long)Shares.Hi + (long)Shares.Lo;
        double entry = EntryPrice.Value, pnl = Pnl.Value;
        return new Trade(EntryBar, ExitBar, entry, ExitPrice.Value, shares, pnl, 100 * pnl / (shares * entry), (ExitReason)Reason);
    }
}
