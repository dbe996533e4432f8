using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;

namespace Backtest.Fused.Graph;

/// <summary>
/// The metric accumulators of the graph walk, per lane: the peak, drawdown and lowest equity ratio, the return sums
/// (semantics §5) and the runs below the peak. Added to once per bar, after the bar's fills. (Bars in the market come
/// from the lane's trades, <see cref="GraphAccount{TL, TV, T}.Close"/>.)
/// </summary>
internal struct MetricSums<TV>
    where TV : struct
{
    public TV Peak, MaxDrawdown, LowestRatio;
    public TV SumReturns, SumSquares, SumDownside;

    /// <summary>Bars below the running peak in a row up to the lane's last bar, and the longest such run.</summary>
    public TV DrawdownRun, LongestDrawdownRun;

    /// <summary>Adds bar <paramref name="bar"/>: its equity (f32: relative to the capital, <paramref name="offset"/> back to money; f64: money) and return.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    /// <param name="anyEnded">Whether some lane is past its last bar (only then is <paramref name="lastBars"/> compared).</param>
    public void Add<TL, T>(TV equity, TV r, TV offset, bool anyEnded, TV lastBars, TV bar, TV one, TV zero)
        where TL : struct, ISimdLanes<TV, T>
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        SumReturns = TL.Add(SumReturns, r);
        SumSquares = TL.MultiplyAdd(r, r, SumSquares);
        TV downside = TL.Min(r, zero);
        SumDownside = TL.Add(SumDownside, TL.Multiply(downside, downside));

        TV peak = TL.Max(Peak, equity);
        Peak = peak;
        MaxDrawdown = TL.Max(MaxDrawdown, TL.Subtract(peak, equity));
        // The lowest ratio of equity to its peak (in money: f32 adds the offset back) moves only where equity falls below
        // lowest · peak, which is rare: the division waits for such a bar. (Where the product rounds to equity exactly, the
        // ratio it misses is within an ulp of the lowest.)
        bool exactMoney = typeof(T) == typeof(double);
        TV money = exactMoney ? equity : TL.Add(equity, offset), peakMoney = exactMoney ? peak : TL.Add(peak, offset);
        if (TL.AnyGreaterThan(TL.Multiply(LowestRatio, peakMoney), money))
            LowestRatio = TL.Min(LowestRatio, TL.Divide(money, peakMoney));
        // max_drawdown_bars: runs below the peak, not counting the padding rows past a lane's last bar.
        TV drawdownRun = anyEnded
            ? TL.Select(TL.And(TL.GreaterThan(peak, equity), TL.GreaterThanOrEqual(lastBars, bar)), TL.Add(DrawdownRun, one), zero)
            : TL.Select(TL.GreaterThan(peak, equity), TL.Add(DrawdownRun, one), zero);
        DrawdownRun = drawdownRun;
        LongestDrawdownRun = TL.Max(LongestDrawdownRun, drawdownRun);
    }
}
