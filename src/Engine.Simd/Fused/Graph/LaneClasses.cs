using Backtest.Simulation;

namespace Backtest.Fused.Graph;

/// <summary>
/// The lanes of a chunk by what the event pass must watch for (bit i for lane i): flat, long or short, busy (an order
/// pending, or a position with a time limit or a stop or target, which any bar may end), and live (its last bar not yet
/// passed). A stretch visits only the lanes that a rule their position reads holds for, the busy ones and those that
/// end in it (<see cref="LaneEventPass{TL, TV, T}.Play"/>): a strategy that trades rarely visits few.
/// </summary>
internal struct LaneClasses
{
    public ulong Flat, Long, Short, Busy, Live;

    /// <summary>The earliest last bar of the live lanes: a stretch before it ends no lane.</summary>
    public int FirstEnd;

    /// <summary>Every lane flat, the lanes with bars live (a lane of the row padding has none).</summary>
    public static LaneClasses Open(ReadOnlySpan<PositionAccount> accounts, int lanes)
    {
        var classes = new LaneClasses { Flat = lanes == 64 ? ulong.MaxValue : (1UL << lanes) - 1 };
        for (int i = 0; i < lanes; i++)
            if (accounts[i].LastBar >= 0) classes.Live |= 1UL << i;
        classes.Ended(0, accounts, lanes);
        return classes;
    }

    /// <summary>The lanes <paramref name="ending"/> end in the current stretch: after it they are no longer live.</summary>
    public void Ended(ulong ending, ReadOnlySpan<PositionAccount> accounts, int lanes)
    {
        Live &= ~ending;
        FirstEnd = int.MaxValue;
        for (int i = 0; i < lanes; i++)
            if (((Live >> i) & 1) != 0) FirstEnd = Math.Min(FirstEnd, accounts[i].LastBar);
    }

    /// <summary>Lane <paramref name="lane"/>'s classes after the event pass played it.</summary>
    public void Update(int lane, in PositionAccount account, in KernelSettings settings)
    {
        ulong bit = 1UL << lane, clear = ~bit;
        bool held = account.Shares != 0;
        Flat = (Flat & clear) | (account.Shares == 0 ? bit : 0);
        Long = (Long & clear) | (account.Shares > 0 ? bit : 0);
        Short = (Short & clear) | (account.Shares < 0 ? bit : 0);
        Busy = (Busy & clear) | (account.HasPending || (held && (settings.UseTime || settings.Protective)) ? bit : 0);
    }
}
