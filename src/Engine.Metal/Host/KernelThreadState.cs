using System.Runtime.InteropServices;

namespace Backtest.Metal.Host;

/// <summary>
/// What one kernel thread carries between time chunks and leaves at the end, as the shader's
/// <c>KernelThreadState</c>. The host opens every account (<see cref="Open"/>) before the first chunk and reads
/// the results from it after the last.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct KernelThreadState
{
    public int NextBar;
    public int LastBar;

    public float SumFast;
    public float SumSlow;
    public float SumBands;
    public float SumBandSquares;
    public float FastOffset;
    public float SlowOffset;
    public float Macd;
    public float Signal;
    public float AvgGain;
    public float AvgLoss;
    public uint Unchanged;

    public DoubleFloat Cash;
    public DoubleFloat Shares;
    public DoubleFloat EntryPrice;
    public DoubleFloat EntryFee;
    public DoubleFloat Stop;
    public DoubleFloat Target;
    public int EntryBar;
    public int EntryDecisionBar;
    public uint Pending;
    public uint PendingReason;
    public DoubleFloat PendingBudget;
    public int PendingDecisionBar;

    public DoubleFloat EquityBefore;
    public DoubleFloat Peak;
    public DoubleFloat MaxDrawdown;
    public float MaxDrawdownRatio;
    public uint BarsInMarket;
    public DoubleFloat SumReturns;
    public DoubleFloat SumSquares;
    public DoubleFloat SumDownside;

    public uint Trades;

    /// <summary>The last bar whose window sums the kernel recomputes after a jump; −1 when none is due.</summary>
    public int RebaseUntil;

    /// <summary>Entry orders dropped because the budget could not buy one share.</summary>
    public uint UnaffordableEntries;

    /// <summary>
    /// A flat account with <paramref name="capital"/> in cash, before any bar: the kernel starts it at the
    /// warm-up bar W (it seeds the indicators there) and stops at <paramref name="lastBar"/>.
    /// </summary>
    public static KernelThreadState Open(double capital, int lastBar, int warmup)
    {
        var cash = DoubleFloat.From(capital);
        return new KernelThreadState
        {
            NextBar = warmup,
            LastBar = lastBar,
            Cash = cash,
            EntryBar = -1,
            EntryDecisionBar = -1,
            PendingDecisionBar = -1,
            EquityBefore = cash,
            Peak = cash,
            RebaseUntil = -1,
        };
    }
}
