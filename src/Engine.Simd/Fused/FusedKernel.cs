using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Backtest.Lanes;
using Backtest.Simulation;

namespace Backtest.Fused;

/// <summary>
/// The S3 backtest of one chunk of lanes (one vector of symbols) in a single pass over time: the
/// indicators, the score, the event screen, the equity and the metric sums advance together, bar by bar,
/// with all state in registers. Nothing per bar is stored.
/// </summary>
/// <remarks>
/// <para>The vector loop (<see cref="Walk"/>) decides only which lanes have an event at a bar: a pending
/// fill, a possible stop or target, an entry or exit decision, the lane's last bar. It then returns, and
/// those lanes (a few bars in a thousand) are played exactly, in f64, by <see cref="PositionAccount.Advance"/>;
/// the walk resumes with their new position. The loop holds no call: on x64 every vector register is
/// caller-saved, and a call anywhere in the loop makes the JIT keep all state on the stack (4x slower).</para>
/// <para>Money. In f64 the equity is cash + shares·close and r = equity/previous − 1, exactly the
/// reference's arithmetic, so equity, returns and drawdowns are bit-identical to it. In f32 an absolute
/// equity near 100,000 would carry an ulp of 0.008: equity is kept relative to the capital instead, r of a
/// bar without a fill is shares·Δclose / previous equity (no cancellation), the lanes with a fill take r from
/// their f64 account, and the return sums are added into f64 totals every block.</para>
/// <para>Window sums (SMA, Bollinger) are sums of deviations from the current close, moved bar by bar and
/// recomputed from the window every <see cref="BlockBars"/> bars: rounding cannot build up, and the band
/// variance E[d²] − E[d]² is taken of deviations as small as the window's spread, which f32 needs (spec §6).
/// After a jump of the close (<see cref="KernelSettings.JumpLimit"/>) a lane's sums are also recomputed at every
/// bar until the longest window has passed it: a sum's rounding is that of the largest deviation it carried.</para>
/// <para>Flat prices. A window of equal closes makes its SMA and band middle the close and its sd zero in
/// exact arithmetic; thin minute data has such windows all the time. The kernel counts unchanged closes
/// and scores a flat window as that exact tie, because the rounding of rolling sums in f32 (1e-7 of the
/// price) would otherwise decide ties the spec's ε (1e-9 of the price) is there to keep equal.</para>
/// </remarks>
internal static unsafe partial class FusedKernel<TL, TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Bars between recomputations of the window sums.</summary>
    public const int BlockBars = 512;

    /// <summary>Rows ahead to prefetch: the panel is read one row per bar, a page apart for wide panels.</summary>
    private const int PrefetchRows = 16;

    private static bool ExactMoney
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Row(T* p) => TL.Load(ref *p);

    private static TV Splat(double value) => TL.Splat(T.CreateTruncating(value));

    /// <summary>Run-wide switches of the walk, hoisted out of the loop.</summary>
    private readonly record struct WalkOptions(bool Protective, bool FlatRsiScores, bool UseTime, bool FillAtClose);

    /// <summary>The lanes of a vector held in memory, to read or rewrite one at a time.</summary>
    private static Span<T> Lanes(ref TV vector) => MemoryMarshal.CreateSpan(ref Unsafe.As<TV, T>(ref vector), TL.Count);

    /// <summary>Runs the lanes of <paramref name="input"/>; accounts hold each lane's last bar on entry.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in ChunkInput<T> input, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals)
    {
        var probe = new NoIndicatorProbe<TV>();
        Run(input, settings, accounts, totals, ref probe);
    }

    /// <summary>As <see cref="Run(in ChunkInput{T}, in KernelSettings, Span{PositionAccount}, Span{LaneTotals})"/>, handing every bar's indicators to <paramref name="probe"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TProbe>(in ChunkInput<T> input, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals, ref TProbe probe)
        where TProbe : struct, IIndicatorProbe<TV>
    {
        if (!Open(input, settings, accounts, totals, out var state, out var constants, out var options)) return;
        (state.FastOffset, state.SlowOffset, state.Signal, state.AvgGain, state.AvgLoss, state.Unchanged) = Seed(input.Close, input.Stride, settings);
        state.Macd = TL.Subtract(state.FastOffset, state.SlowOffset);

        int lastBar = input.MaxLastBar;
        for (int blockStart = settings.Warmup; blockStart <= lastBar; blockStart += BlockBars)
        {
            int blockEnd = Math.Min(lastBar, blockStart + BlockBars - 1);
            state.K = blockStart;
            Rebase(ref state, constants, input, settings, blockStart: true);
            state.Resume = false;
            while (true)
            {
                if (Walk(ref state, constants, input, blockEnd, options, ref probe))
                {
                    OnEvents(ref state, input, settings, accounts);
                    state.Resume = true;
                }
                else if (state.K <= blockEnd)
                {
                    // Stopped before bar K for lanes whose window sums are due for a recomputation (a jump).
                    Rebase(ref state, constants, input, settings, blockStart: false);
                    state.Resume = false;
                }
                else break;
            }
            EndBlock(ref state, constants, totals);
        }
        Close(ref state, totals);
    }

    /// <summary>
    /// The window sums at bar state.K from the window itself, as deviations from its close. At a block start for
    /// every lane, also noting the jumps of the longest window before it; otherwise only for the lanes within
    /// the longest window after a jump (<see cref="KernelSettings.JumpLimit"/>): each lane's sums are then what
    /// they would be alone in the panel, whichever other lanes jumped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rebase(ref KernelState<TV> state, in KernelConstants<TV> c, in ChunkInput<T> input, in KernelSettings settings, bool blockStart)
    {
        var p = settings.Parameters;
        int k = state.K, window = settings.LongestWindow;
        nint stride = input.Stride;
        T* row = input.Close + k * stride;
        TV anchor = Row(row);
        TV sumFast = WindowSum(row, stride, p.SmaFast, anchor);
        TV sumSlow = WindowSum(row, stride, p.SmaSlow, anchor);
        TV sumBands = WindowSum(row, stride, p.BbPeriod, anchor);
        TV sumBandSquares = WindowSumOfSquares(row, stride, p.BbPeriod, anchor);

        TV until = blockStart ? TL.Splat(T.NegativeOne) : state.RebaseUntil;
        for (int j = blockStart ? Math.Max(1, k - window) : k; j <= k; j++)
        {
            T* at = input.Close + j * stride;
            until = TL.Select(Jump(Row(at - stride), Row(at), c), Splat(j + window), until);
        }
        state.RebaseUntil = until;
        var lanesUntil = Lanes(ref until);
        T through = T.NegativeOne;
        foreach (T u in lanesUntil) through = T.Max(through, u);
        state.RebaseThrough = int.CreateTruncating(through);

        if (blockStart)
        {
            (state.SumFast, state.SumSlow, state.SumBands, state.SumBandSquares) = (sumFast, sumSlow, sumBands, sumBandSquares);
            return;
        }
        TV due = TL.GreaterThanOrEqual(until, state.Bar);
        state.SumFast = TL.Select(due, sumFast, state.SumFast);
        state.SumSlow = TL.Select(due, sumSlow, state.SumSlow);
        state.SumBands = TL.Select(due, sumBands, state.SumBands);
        state.SumBandSquares = TL.Select(due, sumBandSquares, state.SumBandSquares);
    }

    /// <summary>Lanes whose close moves from <paramref name="x"/> to <paramref name="xNext"/> by more than the jump limit of the lower one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Jump(TV x, TV xNext, in KernelConstants<TV> c)
    {
        TV d = TL.Subtract(xNext, x);
        return TL.GreaterThan(TL.Max(d, TL.Subtract(c.Zero, d)), TL.Multiply(TL.Min(x, xNext), c.JumpLimit));
    }

    /// <summary>
    /// Opens the lanes' state at bar W, but for the indicators, which each walk sets up its own way. Returns
    /// false, with the totals of accounts that never trade, when no lane reaches a bar that can decide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Open(
        in ChunkInput<T> input, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals,
        out KernelState<TV> state, out KernelConstants<TV> constants, out WalkOptions options)
    {
        int lanes = TL.Count;
        var p = settings.Parameters;
        int w = settings.Warmup;
        totals[..lanes].Clear();
        state = default;
        constants = default;
        options = default;
        if (input.MaxLastBar <= w)
        {
            for (int i = 0; i < lanes; i++) totals[i].LowestEquityRatio = 1;
            return false;
        }

        constants = KernelConstants<TV>.From<TL, T>(settings);
        options = new WalkOptions(settings.Protective, settings.FlatRsiSign != 0, settings.UseTime, p.Fill == Strategy.FillMode.Close);
        TV zero = constants.Zero;
        state.Shares = zero;
        state.Cash = ExactMoney ? Splat(p.Capital) : zero;
        state.InPosition = zero;
        var canEnter = Lanes(ref state.CanEnter);
        for (int i = 0; i < lanes; i++) canEnter[i] = accounts[i].LastBar >= w ? T.AllBitsSet : T.Zero;
        state.Pending = zero;
        state.PendingSignal = zero;
        state.Due = TL.Splat(T.PositiveInfinity);
        state.StopScreen = TL.Splat(T.NegativeInfinity);
        state.TargetScreen = TL.Splat(T.PositiveInfinity);
        state.EquityBefore = state.Cash;
        state.Peak = state.Cash;
        state.MaxDrawdown = zero;
        state.LowestRatio = constants.One;
        state.SumReturns = state.SumSquares = state.SumDownside = state.BarsInMarket = zero;
        state.DrawdownRun = state.LongestDrawdownRun = zero;
        state.Bar = Splat(w);
        var lastBars = Lanes(ref state.LastBars);
        var tieEpsilon = Lanes(ref state.TieEpsilon);
        var tieEpsilons = input.TieEpsilons.Span;
        for (int i = 0; i < lanes; i++)
        {
            lastBars[i] = T.CreateTruncating(accounts[i].LastBar);
            tieEpsilon[i] = T.CreateTruncating(tieEpsilons[i]);
        }
        return true;
    }

    /// <summary>f32 return sums go into the f64 totals every block, so they never grow large enough to lose bars.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void EndBlock(ref KernelState<TV> state, in KernelConstants<TV> constants, Span<LaneTotals> totals)
    {
        if (ExactMoney) return;
        AddReturnSums(ref state, totals);
        state.SumReturns = state.SumSquares = state.SumDownside = constants.Zero;
    }

    /// <summary>The lanes' totals at the end of the walk.</summary>
    private static void Close(ref KernelState<TV> state, Span<LaneTotals> totals)
    {
        if (ExactMoney) AddReturnSums(ref state, totals);
        var maxDrawdown = Lanes(ref state.MaxDrawdown);
        var lowestRatio = Lanes(ref state.LowestRatio);
        var barsInMarket = Lanes(ref state.BarsInMarket);
        var longestDrawdownRun = Lanes(ref state.LongestDrawdownRun);
        for (int i = 0; i < TL.Count; i++)
        {
            totals[i].MaxDrawdown = double.CreateTruncating(maxDrawdown[i]);
            totals[i].LowestEquityRatio = double.CreateTruncating(lowestRatio[i]);
            totals[i].BarsInMarket = double.CreateTruncating(barsInMarket[i]);
            totals[i].MaxDrawdownBars = double.CreateTruncating(longestDrawdownRun[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddReturnSums(ref KernelState<TV> state, Span<LaneTotals> totals)
    {
        var sum = Lanes(ref state.SumReturns);
        var squares = Lanes(ref state.SumSquares);
        var downside = Lanes(ref state.SumDownside);
        for (int i = 0; i < sum.Length; i++)
        {
            totals[i].SumReturns += double.CreateTruncating(sum[i]);
            totals[i].SumSquaredReturns += double.CreateTruncating(squares[i]);
            totals[i].SumSquaredDownside += double.CreateTruncating(downside[i]);
        }
    }

    /// <summary>
    /// Walks bars state.K .. <paramref name="blockEnd"/> and returns false at the end, or returns true at
    /// the first bar with an event, its score and event lanes left in the state (state.K is that bar). With
    /// state.Resume set, the first bar's events have been played by the event path: it is finished first.
    /// </summary>
    /// <remarks>
    /// Events are what needs a lane's f64 account: a fill, a bar that may reach a stop or target, a
    /// decision that fills at this close (fill=close), the lane's last bar. A decision that fills at the
    /// next open is made here, in the vectors: it only marks the order pending (and an exit's reason), and
    /// the fill is the next bar's event, where the account takes the decision and sizes an entry with the cash at the fill.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Walk<TProbe>(ref KernelState<TV> state, in KernelConstants<TV> c, in ChunkInput<T> input, int blockEnd, in WalkOptions options, ref TProbe probe)
        where TProbe : struct, IIndicatorProbe<TV>
    {
        // Loop-carried state lives in registers. What only the event path changes (the position, its levels,
        // each lane's last bar and tie ε) is read from the state in memory: between two events it is constant,
        // and keeping it in registers too would leave more vectors than x64 has registers (32).
        TV sumFast = state.SumFast, sumSlow = state.SumSlow, sumBands = state.SumBands, sumBandSquares = state.SumBandSquares;
        TV fastOffset = state.FastOffset, slowOffset = state.SlowOffset, macd = state.Macd, signal = state.Signal;
        TV avgGain = state.AvgGain, avgLoss = state.AvgLoss, unchanged = state.Unchanged;
        TV canEnter = state.CanEnter, pending = state.Pending, pendingSignal = state.PendingSignal;
        TV equityBefore = state.EquityBefore, peak = state.Peak, maxDrawdown = state.MaxDrawdown, lowestRatio = state.LowestRatio;
        TV sumReturns = state.SumReturns, sumSquares = state.SumSquares, sumDownside = state.SumDownside, barsInMarket = state.BarsInMarket;
        TV drawdownRun = state.DrawdownRun, longestDrawdownRun = state.LongestDrawdownRun;
        TV bar = state.Bar;
        TV zero = c.Zero;

        TV relativeReturn = zero;
        T* close = input.Close, low = input.Low, high = input.High, open = input.Open;
        nint stride = input.Stride;
        bool protective = options.Protective, flatRsiScores = options.FlatRsiScores, useTime = options.UseTime, fillAtClose = options.FillAtClose;
        bool finishOnly = state.Resume;
        bool stopped = false;
        int k = state.K;
        for (; k <= blockEnd; k++)
        {
            T* row = close + k * stride;
            TV x = Row(row);
            if (!finishOnly)
            {
                if (Sse.IsSupported)
                {
                    // The open rows too: fills read them at events, and nothing else brings them in.
                    Sse.Prefetch0(row + PrefetchRows * stride);
                    Sse.Prefetch1(open + (k + PrefetchRows) * stride);
                }

                // The score (spec §3), each "a ≻ b" as a − b > ε. Price levels (trend, bands) take the lane's tie ε,
                // MACD, which compares two small offsets, the spec's (see KernelSettings.PriceTieEpsilon).
                TV tie = TL.Multiply(x, state.TieEpsilon);

                // A flat slow window makes both SMAs the close exactly: equal, whatever the rounding of the sums.
                TV trendUp = TL.GreaterThan(TL.MultiplyAdd(sumFast, c.InvFast, TL.Multiply(sumSlow, c.NegInvSlow)), tie);
                trendUp = TL.AndNot(trendUp, TL.GreaterThanOrEqual(unchanged, c.SlowFlatAfter));
                TV score = TL.Select(trendUp, c.WTrend, c.NegTrend);

                // RSI ≺ L ⇔ 100·AG < L·(AG+AL) ⇔ L·AL − (100−L)·AG > 0 (no division); likewise RSI ≻ H.
                TV oversold = TL.GreaterThan(TL.MultiplyAdd(avgLoss, c.RsiLowBound, TL.Multiply(avgGain, c.RsiLowGainWeight)), zero);
                TV overbought = TL.GreaterThan(TL.MultiplyAdd(avgGain, c.RsiHighGainWeight, TL.Multiply(avgLoss, c.NegRsiHighBound)), zero);
                TV rsiPoints = TL.Select(oversold, c.WRsi, TL.Select(overbought, c.NegRsi, zero));
                // Both averages zero: RSI is 50 by definition, scored like any 50 (only crossed bounds score it).
                if (flatRsiScores) rsiPoints = TL.Select(TL.Equal(TL.Add(avgGain, avgLoss), zero), c.FlatRsiPoints, rsiPoints);
                score = TL.Add(score, rsiPoints);

                // The sums are of deviations from this close: mid − close is their mean, k·sd the half width.
                // A flat band window has sd = 0 and mid = close exactly; the sums' rounding (and the square root
                // of a variance at rounding level) would say otherwise, so such a window is set to that tie.
                TV flatBands = TL.GreaterThanOrEqual(unchanged, c.BandsFlatAfter);
                TV midAbove = TL.AndNot(TL.Multiply(sumBands, c.InvBands), flatBands);
                TV variance = TL.Max(TL.Subtract(TL.Multiply(sumBandSquares, c.InvBands), TL.Multiply(midAbove, midAbove)), zero);
                TV halfWidth = TL.AndNot(TL.Multiply(TL.Sqrt(variance), c.BandWidth), flatBands);
                TV below = TL.GreaterThan(TL.Subtract(midAbove, halfWidth), tie);                          // lower − close ≻ 0
                TV above = TL.GreaterThan(zero, TL.Add(TL.Add(midAbove, halfWidth), tie));                // close − upper ≻ 0
                score = TL.Add(score, TL.Select(below, c.WBb, TL.Select(above, c.NegBb, zero)));

                TV macdUp = TL.GreaterThan(TL.Subtract(macd, signal), TL.Multiply(x, c.PriceEpsilon));
                score = TL.Add(score, TL.Select(macdUp, c.WMacd, c.NegMacd));
                probe.Record(
                    k, x, TL.MultiplyAdd(sumFast, c.InvFast, x), TL.Subtract(x, TL.Multiply(sumSlow, c.NegInvSlow)),
                    TL.Add(x, midAbove), halfWidth, avgGain, avgLoss, macd, signal);

                // f32: the return of a bar without a fill (the event path replaces it where a fill happens).
                if (!ExactMoney)
                {
                    TV before = TL.Add(equityBefore, c.Offset);
                    TV change = TL.Subtract(x, Row(row - stride));
                    relativeReturn = TL.Select(TL.GreaterThan(before, zero), TL.Divide(TL.Multiply(state.Shares, change), before), zero);
                }

                // Decisions at this close, and the event screen.
                TV entry = TL.And(canEnter, TL.GreaterThanOrEqual(score, c.EntryMin));
                TV exitSignal = TL.And(state.InPosition, TL.GreaterThanOrEqual(c.ExitMax, score));
                TV decide = TL.Or(entry, exitSignal);
                if (useTime) decide = TL.Or(decide, TL.GreaterThanOrEqual(bar, state.Due));
                TV events = TL.Or(pending, TL.Equal(bar, state.LastBars));
                if (fillAtClose) events = TL.Or(events, decide);
                if (protective)
                {
                    TV touched = TL.Or(
                        TL.GreaterThanOrEqual(state.StopScreen, Row(low + k * stride)),
                        TL.GreaterThanOrEqual(Row(high + k * stride), state.TargetScreen));
                    events = TL.Or(events, touched);
                }

                // fill=next-open: lanes without an event take their decision here; it fills at the next open.
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
                // Resumed after the event path: it rewrote the position and the f32 return of this bar.
                finishOnly = false;
                canEnter = state.CanEnter;
                pending = state.Pending;
                pendingSignal = state.PendingSignal;
                relativeReturn = state.RelativeReturn;
            }

            // Equity after this bar's fills, its return, drawdown and exposure (spec §5).
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
            // The deepest fall in percent is 100·(1 − the lowest equity/peak).
            lowestRatio = TL.Min(lowestRatio, TL.Divide(TL.Add(equity, c.Offset), TL.Add(peak, c.Offset)));

            // max_drawdown_bars: runs below the peak, not counting the padding rows past a lane's last bar.
            drawdownRun = TL.And(TL.And(TL.GreaterThan(peak, equity), TL.GreaterThanOrEqual(state.LastBars, bar)), TL.Add(drawdownRun, c.One));
            longestDrawdownRun = TL.Max(longestDrawdownRun, drawdownRun);
            barsInMarket = TL.Add(barsInMarket, TL.And(state.InPosition, c.One));
            equityBefore = equity;
            bar = TL.Add(bar, c.One);

            // Advance the indicators to bar k+1. The panel holds one row past every series, so this reads in
            // bounds at the last bar; a block's last advance is overwritten by the next block's window sums.
            // Window sums are of deviations from the current close: moving to x' = x + d shifts each of the n
            // deviations by −d (Σ(x−x') = S − n·d, Σ(x−x')² = S2 − 2d·S + n·d²), then the bar leaving the window
            // is dropped and the one entering adds 0. The sums stay as small as the window's spread.
            T* next = row + stride;
            TV xNext = Row(next);
            TV d = TL.Subtract(xNext, x);
            sumFast = TL.Subtract(TL.Subtract(sumFast, TL.Multiply(c.NFast, d)), TL.Subtract(Row(next - input.FastRows), xNext));
            sumSlow = TL.Subtract(TL.Subtract(sumSlow, TL.Multiply(c.NSlow, d)), TL.Subtract(Row(next - input.SlowRows), xNext));
            TV leaving = TL.Subtract(Row(next - input.BandRows), xNext);
            TV shift = TL.Multiply(c.NBands, d);
            sumBandSquares = TL.MultiplyAdd(d, TL.Subtract(shift, TL.Add(sumBands, sumBands)), sumBandSquares);
            sumBandSquares = TL.Subtract(sumBandSquares, TL.Multiply(leaving, leaving));
            sumBands = TL.Subtract(TL.Subtract(sumBands, shift), leaving);
            unchanged = TL.And(TL.Equal(d, zero), TL.Add(unchanged, c.One));
            TV gain = TL.Max(d, zero);
            avgGain = TL.MultiplyAdd(TL.Subtract(gain, avgGain), c.InvRsi, avgGain);
            avgLoss = TL.MultiplyAdd(TL.Subtract(TL.Subtract(gain, d), avgLoss), c.InvRsi, avgLoss);
            fastOffset = TL.Multiply(TL.Subtract(fastOffset, d), c.KeepFast);
            slowOffset = TL.Multiply(TL.Subtract(slowOffset, d), c.KeepSlow);
            macd = TL.Subtract(fastOffset, slowOffset);
            signal = TL.MultiplyAdd(TL.Subtract(macd, signal), c.AlphaSignal, signal);

            // A jump, or a bar within the longest window after one: the caller recomputes the sums before bar k+1.
            if (k < state.RebaseThrough || TL.Any(Jump(x, xNext, c)))
            {
                k++;
                break;
            }
        }

        state.K = k;
        state.SumFast = sumFast;
        state.SumSlow = sumSlow;
        state.SumBands = sumBands;
        state.SumBandSquares = sumBandSquares;
        state.FastOffset = fastOffset;
        state.SlowOffset = slowOffset;
        state.Macd = macd;
        state.Signal = signal;
        state.AvgGain = avgGain;
        state.AvgLoss = avgLoss;
        state.Unchanged = unchanged;
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

    /// <summary>
    /// Plays bar state.K for each lane with an event, in f64, through the one account of
    /// <see cref="PositionAccount"/>, and rewrites the lane's position in the state (and, in f32, the exact
    /// return of a bar with a fill). A pending order comes from the vectors, which decided it at the last close
    /// without the account: the account takes that decision now, from S3's rules as the vectors saw them (buy
    /// when flat; sell for a signal exit, none for a time exit), so the order and its budget (the cash at the
    /// fill) are the account's own.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void OnEvents(ref KernelState<TV> state, in ChunkInput<T> input, in KernelSettings settings, Span<PositionAccount> accounts)
    {
        var p = settings.Parameters;
        int k = state.K;
        T set = T.AllBitsSet, clear = T.Zero;
        var score = Lanes(ref state.Score);
        var shares = Lanes(ref state.Shares);
        var cash = Lanes(ref state.Cash);
        var inPosition = Lanes(ref state.InPosition);
        var canEnter = Lanes(ref state.CanEnter);
        var pending = Lanes(ref state.Pending);
        var pendingSignal = Lanes(ref state.PendingSignal);
        var due = Lanes(ref state.Due);
        var stop = Lanes(ref state.StopScreen);
        var target = Lanes(ref state.TargetScreen);
        var relativeReturn = Lanes(ref state.RelativeReturn);
        nint row = k * input.Stride, previousRow = row - input.Stride;
        var scales = input.PriceScales.Span;
        var accountSettings = settings.Account;
        ulong laneBits = TL.Bits(state.Events);
        while (laneBits != 0)
        {
            int i = BitOperations.TrailingZeroCount(laneBits);
            laneBits &= laneBits - 1;
            ref var account = ref accounts[i];
            double scale = scales[i];
            double Price(T* field, nint at) => double.CreateTruncating(field[at + i]) / scale;

            double closePrice = Price(input.Close, row);
            double previousClose = Price(input.Close, previousRow);
            double equityBefore = account.Cash + account.Shares * previousClose;
            if (T.IsNaN(pending[i]))
            {
                var decided = account.Shares == 0 ? RuleSignals.Buy : T.IsNaN(pendingSignal[i]) ? RuleSignals.Sell : RuleSignals.None;
                account.Decide(k - 1, previousClose, decided, accountSettings);
            }

            // High and low only matter to stops and targets: without them those rows are not read at all.
            bool protective = settings.Protective;
            account.Advance(
                k, Price(input.Open, row), protective ? Price(input.High, row) : closePrice, protective ? Price(input.Low, row) : closePrice,
                closePrice, S3Signals.FromScore(double.CreateTruncating(score[i]), p.Threshold), accountSettings);

            // Back into the vectors, in the panel's units: shares per stored price unit, levels scaled.
            bool held = account.InPosition;
            shares[i] = T.CreateTruncating(account.Shares / scale);
            cash[i] = T.CreateTruncating(ExactMoney ? account.Cash : account.Cash - p.Capital);
            inPosition[i] = held ? set : clear;
            canEnter[i] = account.CanEnterAfter(k) ? set : clear;
            pending[i] = account.HasPending ? set : clear;
            pendingSignal[i] = account.PendingReason == ExitReason.Signal ? set : clear;
            due[i] = held && settings.UseTime ? T.CreateTruncating((double)account.EntryBar + p.MaxHoldBars) : T.PositiveInfinity;
            double tolerance = account.ProtectiveTolerance;
            stop[i] = held && settings.UseStop ? T.CreateTruncating(KernelSettings.StopScreen(account.Stop, tolerance) * scale) : T.NegativeInfinity;
            target[i] = held && settings.UseTarget ? T.CreateTruncating(KernelSettings.TargetScreen(account.Target, tolerance) * scale) : T.PositiveInfinity;
            double equity = account.Cash + account.Shares * closePrice;
            relativeReturn[i] = T.CreateTruncating(equityBefore > 0 ? equity / equityBefore - 1 : 0);
        }
    }

    /// <summary>Σ (x − anchor) over the <paramref name="period"/> bars ending at <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TV WindowSum(T* row, nint stride, int period, TV anchor)
    {
        TV sum = TL.Splat(T.Zero);
        for (int j = 0; j < period; j++) sum = TL.Add(sum, TL.Subtract(Row(row - j * stride), anchor));
        return sum;
    }

    /// <summary>Σ (x − anchor)² over the <paramref name="period"/> bars ending at <paramref name="row"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TV WindowSumOfSquares(T* row, nint stride, int period, TV anchor)
    {
        TV sum = TL.Splat(T.Zero);
        for (int j = 0; j < period; j++)
        {
            TV d = TL.Subtract(Row(row - j * stride), anchor);
            sum = TL.MultiplyAdd(d, d, sum);
        }
        return sum;
    }

    /// <summary>
    /// The recursive indicators as of bar W (spec §2): both MACD EMAs seeded with the mean of their first
    /// n closes, the signal with the mean of the first g MACD values, Wilder's averages with the mean of
    /// the first n changes, and the count of unchanged closes. Bar indices are the same for every lane, so
    /// this is plain vector code.
    /// </summary>
    /// <remarks>
    /// The MACD EMAs are held as offsets from the current close (EMA − x): an EMA moves as
    /// EMA' − x' = (EMA − x − Δx)·(1 − α), and MACD = offsetFast − offsetSlow is then a difference of two small
    /// numbers instead of two numbers near the price, which in f32 would cancel to ~1e-7 of the price.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (TV FastOffset, TV SlowOffset, TV Signal, TV AvgGain, TV AvgLoss, TV Unchanged) Seed(T* close, nint stride, in KernelSettings settings)
    {
        var p = settings.Parameters;
        int w = settings.Warmup, fast = p.MacdFast, slow = p.MacdSlow, g = p.MacdSignal, n = p.RsiPeriod;
        TV keepFast = Splat(1 - 2.0 / (fast + 1.0)), keepSlow = Splat(1 - 2.0 / (slow + 1.0)), alphaSignal = Splat(2.0 / (g + 1.0));
        TV zero = TL.Splat(T.Zero), one = TL.Splat(T.One);
        TV Close(int k) => Row(close + k * stride);
        TV Change(int k) => TL.Subtract(Close(k), Close(k - 1));

        // Seeds as offsets: mean(x[0..n−1]) − x[n−1] = mean(x[j] − x[n−1]).
        TV fastOffset = TL.Divide(OffsetSum(close, stride, fast), Splat(fast));
        for (int k = fast; k < slow; k++) fastOffset = TL.Multiply(TL.Subtract(fastOffset, Change(k)), keepFast);
        TV slowOffset = TL.Divide(OffsetSum(close, stride, slow), Splat(slow));

        // macd from bar slow−1; the signal is seeded at bar slow+g−2 ≤ W.
        TV macdSum = TL.Subtract(fastOffset, slowOffset);
        for (int k = slow; k <= slow + g - 2; k++)
        {
            fastOffset = TL.Multiply(TL.Subtract(fastOffset, Change(k)), keepFast);
            slowOffset = TL.Multiply(TL.Subtract(slowOffset, Change(k)), keepSlow);
            macdSum = TL.Add(macdSum, TL.Subtract(fastOffset, slowOffset));
        }
        TV signal = TL.Divide(macdSum, Splat(g));
        for (int k = slow + g - 1; k <= w; k++)
        {
            fastOffset = TL.Multiply(TL.Subtract(fastOffset, Change(k)), keepFast);
            slowOffset = TL.Multiply(TL.Subtract(slowOffset, Change(k)), keepSlow);
            signal = TL.MultiplyAdd(TL.Subtract(TL.Subtract(fastOffset, slowOffset), signal), alphaSignal, signal);
        }

        TV gains = zero, losses = zero;
        for (int k = 1; k <= n; k++)
        {
            TV d = Change(k);
            TV gain = TL.Max(d, zero);
            gains = TL.Add(gains, gain);
            losses = TL.Add(losses, TL.Subtract(gain, d));
        }
        TV avgGain = TL.Divide(gains, Splat(n)), avgLoss = TL.Divide(losses, Splat(n));
        TV invN = Splat(1.0 / n);
        for (int k = n + 1; k <= w; k++)
        {
            TV d = Change(k);
            TV gain = TL.Max(d, zero);
            avgGain = TL.MultiplyAdd(TL.Subtract(gain, avgGain), invN, avgGain);
            avgLoss = TL.MultiplyAdd(TL.Subtract(TL.Subtract(gain, d), avgLoss), invN, avgLoss);
        }

        // Closes unchanged in a row up to bar W: the last bars of a window that may be flat.
        TV unchanged = zero;
        for (int k = 1; k <= w; k++) unchanged = TL.And(TL.Equal(Change(k), zero), TL.Add(unchanged, one));
        return (fastOffset, slowOffset, signal, avgGain, avgLoss, unchanged);
    }

    /// <summary>Σ (x[j] − x[n−1]) for j in [0, n).</summary>
    private static TV OffsetSum(T* close, nint stride, int n)
    {
        TV last = Row(close + (n - 1) * stride);
        TV sum = TL.Splat(T.Zero);
        for (int j = 0; j < n; j++) sum = TL.Add(sum, TL.Subtract(Row(close + j * stride), last));
        return sum;
    }
}
