using System.Runtime.CompilerServices;

namespace Backtest.Metal.Host;

/// <summary>
/// Trade slots per thread for the first pass. A guess from the bars (a round trip takes at least two bars;
/// S3 on minute bars closes one every few hundred), bounded so that the trade buffer stays within
/// <see cref="MaxBufferBytes"/>. A thread that closes more trades than it has slots keeps counting, and the
/// host runs those threads again with exactly as many slots as they need: nothing is dropped.
/// </summary>
public static class TradeCapacity
{
    public const int MinSlots = 8;

    public const int MaxSlots = 4096;

    public const long MaxBufferBytes = 256L << 20;

    public static int For(int bars, long threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bars);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        int guess = Math.Clamp(bars / 100 + MinSlots, MinSlots, MaxSlots);
        long affordable = MaxBufferBytes / Unsafe.SizeOf<TradeRecord>() / Math.Max(1, threads);
        return (int)Math.Clamp(Math.Min(guess, affordable), 1, MaxSlots);
    }
}
