using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Backtest.Simulation;

namespace Backtest.Fused;

/// <summary>
/// The walk of a parameter set whose score comparisons were recorded by other sets' passes
/// (<see cref="ScorePartsRecorder{TL, TV, T}"/>): no indicator is computed, the score is assembled from the
/// recorded masks with this set's weights, and the rest (decisions, the event screen, fills, equity, the
/// metric sums) is the fused walk's, operation for operation, so the results are those of
/// <see cref="Run(in ChunkInput{T}, in KernelSettings, Span{PositionAccount}, Span{LaneTotals})"/> bit for bit.
/// </summary>
internal static unsafe partial class FusedKernel<TL, TV, T>
{
    /// <summary>Runs the lanes of <paramref name="input"/> on recorded score parts; accounts hold each lane's last bar on entry.</summary>
    /// <remarks>The parts must come from a pass with this set's warm-up: the window sums restart at bar W and every 512 bars after.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunOnParts(in ChunkInput<T> input, in ScorePartsInput parts, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals)
    {
        if (!Open(input, settings, accounts, totals, out var state, out var constants, out var options)) return;
        int lastBar = input.MaxLastBar;
        // The same blocks as the fused walk: in f32 the return sums reach the f64 totals at the same bars.
        for (int blockStart = settings.Warmup; blockStart <= lastBar; blockStart += BlockBars)
        {
            int blockEnd = Math.Min(lastBar, blockStart + BlockBars - 1);
            state.K = blockStart;
            state.Resume = false;
            while (WalkParts(ref state, constants, input, parts, blockEnd, options))
            {
                OnEvents(ref state, input, settings, accounts);
                state.Resume = true;
            }
            EndBlock(ref state, constants, totals);
        }
        Close(ref state, totals);
    }

    /// <summary>As <see cref="Walk"/>, the score read from <paramref name="parts"/>.</summary>
    /// <remarks>
    /// Everything after the score is <see cref="Walk"/>'s code again, not a shared helper: the loop-carried vectors
    /// would go to it by reference, and the walk is only fast while the JIT keeps every one of them in a register.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool WalkParts(ref KernelState<TV> state, in KernelConstants<TV> c, in ChunkInput<T> input, in ScorePartsInput parts, int blockEnd, in WalkOptions options)
    {
        TV canEnter = state.CanEnter, pending = state.Pending, pendingSignal = state.PendingSignal;
        TV equityBefore = state.EquityBefore, peak = state.Peak, maxDrawdown = state.MaxDrawdown, lowestRatio = state.LowestRatio;
        TV sumReturns = state.SumReturns, sumSquares = state.SumSquares, sumDownside = state.SumDownside, barsInMarket = state.BarsInMarket;
        TV drawdownRun = state.DrawdownRun, longestDrawdownRun = state.LongestDrawdownRun;
        TV bar = state.Bar;
        TV zero = c.Zero;

        TV relativeReturn = zero;
        T* close = input.Close, low = input.Low, high = input.High, open = input.Open;
        sbyte* trendUp = parts.TrendUp, rsiUp = parts.RsiUp, rsiDown = parts.RsiDown, bandsUp = parts.BandsUp, bandsDown = parts.BandsDown, macdUp = parts.MacdUp;
        nint stride = input.Stride;
        bool protective = options.Protective, useTime = options.UseTime, fillAtClose = options.FillAtClose;
        bool finishOnly = state.Resume;
        bool stopped = false;
        int k = state.K;
        for (; k <= blockEnd; k++)
        {
            nint at = k * stride;
            T* row = close + at;
            TV x = Row(row);
            if (!finishOnly)
            {
                if (Sse.IsSupported) Sse.Prefetch1(open + at + PrefetchRows * stride);

                // The fused walk's points, from its recorded comparisons, added in its order.
                TV score = TL.Select(TL.LoadMask(ref trendUp[at]), c.WTrend, c.NegTrend);
                score = TL.Add(score, TL.Select(TL.LoadMask(ref rsiUp[at]), c.WRsi, TL.Select(TL.LoadMask(ref rsiDown[at]), c.NegRsi, zero)));
                score = TL.Add(score, TL.Select(TL.LoadMask(ref bandsUp[at]), c.WBb, TL.Select(TL.LoadMask(ref bandsDown[at]), c.NegBb, zero)));
                score = TL.Add(score, TL.Select(TL.LoadMask(ref macdUp[at]), c.WMacd, c.NegMacd));

                if (!ExactMoney)
                {
                    TV before = TL.Add(equityBefore, c.Offset);
                    TV change = TL.Subtract(x, Row(row - stride));
                    relativeReturn = TL.Select(TL.GreaterThan(before, zero), TL.Divide(TL.Multiply(state.Shares, change), before), zero);
                }

                TV entry = TL.And(canEnter, TL.GreaterThanOrEqual(score, c.EntryMin));
                TV exitSignal = TL.And(state.InPosition, TL.GreaterThanOrEqual(c.ExitMax, score));
                TV decide = TL.Or(entry, exitSignal);
                if (useTime) decide = TL.Or(decide, TL.GreaterThanOrEqual(bar, state.Due));
                TV events = TL.Or(pending, TL.Equal(bar, state.LastBars));
                if (fillAtClose) events = TL.Or(events, decide);
                if (protective)
                {
                    TV touched = TL.Or(
                        TL.GreaterThanOrEqual(state.StopScreen, Row(low + at)),
                        TL.GreaterThanOrEqual(Row(high + at), state.TargetScreen));
                    events = TL.Or(events, touched);
                }

                if (!fillAtClose)
                {
                    TV decided = TL.AndNot(decide, events);
                    pending = TL.Or(pending, decided);
                    pendingSignal = TL.Select(decided, exitSignal, pendingSignal);
                    canEnter = TL.AndNot(canEnter, decided);
                }

                if (TL.Any(events))
                {
                    state.Score = score;
                    state.Events = events;
                    stopped = true;
                    break;
                }
            }
            else
            {
                finishOnly = false;
                canEnter = state.CanEnter;
                pending = state.Pending;
                pendingSignal = state.PendingSignal;
                relativeReturn = state.RelativeReturn;
            }

            TV equity = TL.Add(state.Cash, TL.Multiply(state.Shares, x));
            TV r = ExactMoney
                ? TL.Select(TL.GreaterThan(equityBefore, zero), TL.Subtract(TL.Divide(equity, equityBefore), c.One), zero)
                : relativeReturn;
            sumReturns = TL.Add(sumReturns, r);
            sumSquares = TL.MultiplyAdd(r, r, sumSquares);
            TV downside = TL.Min(r, zero);
            sumDownside = TL.Add(sumDownside, TL.Multiply(downside, downside));

            peak = TL.Max(peak, equity);
            maxDrawdown = TL.Max(maxDrawdown, TL.Subtract(peak, equity));
            lowestRatio = TL.Min(lowestRatio, TL.Divide(TL.Add(equity, c.Offset), TL.Add(peak, c.Offset)));

            // max_drawdown_bars: runs below the peak, not counting the padding rows past a lane's last bar.
            drawdownRun = TL.And(TL.And(TL.GreaterThan(peak, equity), TL.GreaterThanOrEqual(state.LastBars, bar)), TL.Add(drawdownRun, c.One));
            longestDrawdownRun = TL.Max(longestDrawdownRun, drawdownRun);
            barsInMarket = TL.Add(barsInMarket, TL.And(state.InPosition, c.One));
            equityBefore = equity;
            bar = TL.Add(bar, c.One);
        }

        state.K = k;
        state.CanEnter = canEnter;
        state.Pending = pending;
        state.PendingSignal = pendingSignal;
        state.EquityBefore = equityBefore;
        state.Peak = peak;
        state.MaxDrawdown = maxDrawdown;
        state.LowestRatio = lowestRatio;
        state.SumReturns = sumReturns;
        state.SumSquares = sumSquares;
        state.SumDownside = sumDownside;
        state.BarsInMarket = barsInMarket;
        state.DrawdownRun = drawdownRun;
        state.LongestDrawdownRun = longestDrawdownRun;
        state.Bar = bar;
        state.RelativeReturn = relativeReturn;
        return stopped;
    }
}
