using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backtest.Lanes;
using Backtest.Simulation;
using Backtest.Strategies.Graph;

namespace Backtest.Fused.Graph;

/// <summary>
/// The account side of the graph kernel (<see cref="GraphKernel{TL, TV, T, TNodes, TBuy, TSell, TShort, TCover}"/>), which
/// depends on the vector width and nothing of the strategy: opening the lanes' state, the account walk over the rule
/// masks the node walk leaves, the event path through each lane's <see cref="PositionAccount"/>, and the metric totals.
/// Outside the strategy's generic type, it is compiled once per width for every strategy, grid role and shape a process
/// runs, rather than once for each.
/// </summary>
[SkipLocalsInit]
internal static unsafe class GraphAccount<TL, TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Vectors in a bar's row of rule masks: buy, sell, short, cover.</summary>
    public const int RulesPerRow = 4;

    /// <summary>f64 money is the reference's arithmetic; f32 keeps equity relative to the capital.</summary>
    internal static bool ExactMoney
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double);
    }

    /// <summary>Run-wide switches and the first decision bar, hoisted out of the loops.</summary>
    /// <param name="ReadsRange">The strategy reads high and low at every bar (their rows are prefetched like close's).</param>
    /// <param name="FirstLastBar">The earliest of the lanes' last bars: before it, no lane is at its last bar or past it.</param>
    internal readonly record struct WalkOptions(bool Protective, bool UseTime, bool FillAtClose, bool ReadsRange, int FirstDecisionBar, int FirstLastBar, TV Offset, TV Tie, TV InvScale);

    private static Span<T> Lanes(ref TV vector) => MemoryMarshal.CreateSpan(ref Unsafe.As<TV, T>(ref vector), TL.Count);

    private static TV Splat(double value) => TL.Splat(T.CreateTruncating(value));

    /// <summary>The lanes' account state at bar 0, and the run's switches (<paramref name="options"/>); accounts hold each lane's last bar on entry.</summary>
    public static AccountState<TV> Open(
        in ChunkInput<T> input, StrategyGraph graph, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals,
        out WalkOptions options)
    {
        int lanes = TL.Count;
        var p = settings.Parameters;
        int w = graph.FirstDecisionBarIndex;
        totals[..lanes].Clear();
        TV zero = TL.Splat(T.Zero);
        bool readsRange = settings.Protective || graph.Nodes.Any(n => n.Op is NodeOp.High or NodeOp.Low);
        AccountState<TV> state = default;
        state.Shares = state.InLong = state.InShort = state.Pending = state.Deferred = state.DeferredSignals = zero;
        state.Cash = ExactMoney ? Splat(p.Capital) : zero;
        state.Due = TL.Splat(T.PositiveInfinity);
        state.LowScreen = TL.Splat(T.NegativeInfinity);
        state.HighScreen = TL.Splat(T.PositiveInfinity);
        state.EquityBefore = state.Sums.Peak = state.Cash;
        state.Sums.MaxDrawdown = state.Sums.SumReturns = state.Sums.SumSquares = state.Sums.SumDownside = state.Sums.BarsInMarket = zero;
        state.Sums.DrawdownRun = state.Sums.LongestDrawdownRun = zero;
        state.Sums.LowestRatio = TL.Splat(T.One);
        state.Bar = zero;
        state.PreviousClose = TL.Load(ref *input.Close);
        // Each lane's comparison ε factor and 1 / its price scale go to the node walk, in the options.
        TV tieVector = zero, invScaleVector = zero;
        var canEnter = Lanes(ref state.CanEnter);
        var lastBars = Lanes(ref state.LastBars);
        var tie = Lanes(ref tieVector);
        var invScale = Lanes(ref invScaleVector);
        var tieEpsilons = input.TieEpsilons.Span;
        var scales = input.PriceScales.Span;
        int firstLastBar = int.MaxValue;
        for (int i = 0; i < lanes; i++)
        {
            // A lane without bars (the row padding's) never reaches a last bar, nor is read back.
            if (accounts[i].LastBar >= 0) firstLastBar = Math.Min(firstLastBar, accounts[i].LastBar);
            // The strategy's W, not the S3 warm-up the chunk's input opened the account with.
            accounts[i].FirstDecisionBar = w;
            canEnter[i] = accounts[i].LastBar >= w ? T.AllBitsSet : T.Zero;
            lastBars[i] = T.CreateTruncating(accounts[i].LastBar);
            tie[i] = T.CreateTruncating(tieEpsilons[i]);
            invScale[i] = T.CreateTruncating(1 / scales[i]);
        }
        options = new WalkOptions(settings.Protective, settings.UseTime, p.Fill == Strategy.FillMode.Close, readsRange, w, firstLastBar, ExactMoney ? zero : Splat(p.Capital), tieVector, invScaleVector);
        return state;
    }

    /// <summary>f32 return sums go into the f64 totals every block, so they never grow large enough to lose bars.</summary>
    public static void EndBlock(ref AccountState<TV> state, Span<LaneTotals> totals)
    {
        if (ExactMoney) return;
        AddReturnSums(ref state, totals);
        state.Sums.SumReturns = state.Sums.SumSquares = state.Sums.SumDownside = TL.Splat(T.Zero);
    }

    public static void Close(ref AccountState<TV> state, Span<LaneTotals> totals)
    {
        if (ExactMoney) AddReturnSums(ref state, totals);
        var maxDrawdown = Lanes(ref state.Sums.MaxDrawdown);
        var lowestRatio = Lanes(ref state.Sums.LowestRatio);
        var barsInMarket = Lanes(ref state.Sums.BarsInMarket);
        var longestDrawdownRun = Lanes(ref state.Sums.LongestDrawdownRun);
        for (int i = 0; i < TL.Count; i++)
        {
            totals[i].MaxDrawdownBars = double.CreateTruncating(longestDrawdownRun[i]);
            totals[i].MaxDrawdown = double.CreateTruncating(maxDrawdown[i]);
            totals[i].LowestEquityRatio = double.CreateTruncating(lowestRatio[i]);
            totals[i].BarsInMarket = double.CreateTruncating(barsInMarket[i]);
        }
    }

    private static void AddReturnSums(ref AccountState<TV> state, Span<LaneTotals> totals)
    {
        var sum = Lanes(ref state.Sums.SumReturns);
        var squares = Lanes(ref state.Sums.SumSquares);
        var downside = Lanes(ref state.Sums.SumDownside);
        for (int i = 0; i < sum.Length; i++)
        {
            totals[i].SumReturns += double.CreateTruncating(sum[i]);
            totals[i].SumSquaredReturns += double.CreateTruncating(squares[i]);
            totals[i].SumSquaredDownside += double.CreateTruncating(downside[i]);
        }
    }

    /// <summary>
    /// The account walk: bars state.K .. <paramref name="to"/> on the rule masks the node walk left (row k at k · 4 vectors), returning false at
    /// the end, or true at the first bar with an event, its rule masks and event lanes left in the state (state.K is that
    /// bar). With state.Resume set, bar K's events are done and the event path has played them: only the bar's equity is
    /// left. Its state is a few vectors, all in registers, metric sums included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool Walk<TProbe, TSides>(ref AccountState<TV> state, in ChunkInput<T> input, int to, T* rules, in WalkOptions options, ref TProbe probe)
        where TProbe : struct, IWalkProbe<TV>
        where TSides : struct
    {
        // A long-only strategy (no short or cover rule) has no short position to test.
        bool shorts = typeof(TSides) == typeof(LongAndShort);
        TV canEnter = state.CanEnter, pending = state.Pending;
        TV equityBefore = state.EquityBefore;
        MetricSums<TV> sums = state.Sums;
        TV bar = state.Bar, previousClose = state.PreviousClose;
        // Constants the JIT sees as such; f64 has no offset.
        TV zero = TL.Splat(T.Zero), one = TL.Splat(T.One), offset = ExactMoney ? zero : options.Offset;
        TV relativeReturn = zero;
        T* close = input.Close, low = input.Low, high = input.High;
        nint stride = input.Stride;
        bool protective = options.Protective, useTime = options.UseTime, fillAtClose = options.FillAtClose;
        int firstDecisionBar = options.FirstDecisionBar, firstLastBar = options.FirstLastBar;
        bool finishOnly = state.Resume;
        bool stopped = false;
        int k = state.K;
        for (; k <= to; k++)
        {
            nint at = k * stride;
            TV stored = TL.Load(ref *(close + at));
            if (!finishOnly)
            {
                // f32: the return of a bar without a fill (the event path replaces it where a fill happens).
                if (!ExactMoney)
                {
                    TV before = TL.Add(equityBefore, offset);
                    relativeReturn = TL.Select(TL.GreaterThan(before, zero), TL.Divide(TL.Multiply(state.Shares, TL.Subtract(stored, previousClose)), before), zero);
                }

                // The rules from the first decision bar on, and the event screen: fills, protective touches, last bars,
                // and decisions that fill at this close. A decision that fills at the next open is left to the fill
                // bar's event path (Deferred), which plays this bar for the lane first: one event per fill.
                TV events = k < firstLastBar ? pending : TL.Or(pending, TL.Equal(bar, state.LastBars));
                if (protective)
                {
                    TV touched = TL.Or(
                        TL.GreaterThanOrEqual(state.LowScreen, TL.Load(ref *(low + at))),
                        TL.GreaterThanOrEqual(TL.Load(ref *(high + at)), state.HighScreen));
                    events = TL.Or(events, touched);
                }
                TV buy = zero, sell = zero, shortRule = zero, cover = zero;
                if (k >= firstDecisionBar)
                {
                    T* row = rules + (nint)k * RulesPerRow * TL.Count;
                    // A rule the strategy does not have is a row of zeros: it never holds.
                    buy = TL.Load(ref *row);
                    sell = TL.Load(ref *(row + TL.Count));
                    TV decisions = TL.And(state.InLong, sell);
                    TV entries = buy;
                    if (shorts)
                    {
                        shortRule = TL.Load(ref *(row + 2 * TL.Count));
                        cover = TL.Load(ref *(row + 3 * TL.Count));
                        decisions = TL.Or(decisions, TL.And(state.InShort, cover));
                        entries = TL.Or(TL.AndNot(buy, shortRule), TL.AndNot(shortRule, buy));
                    }
                    decisions = TL.Or(decisions, TL.And(canEnter, entries));
                    if (useTime) decisions = TL.Or(decisions, TL.And(shorts ? TL.Or(state.InLong, state.InShort) : state.InLong, TL.GreaterThanOrEqual(bar, state.Due)));
                    if (fillAtClose) events = TL.Or(events, decisions);
                    else
                    {
                        TV deferred = TL.AndNot(decisions, events);
                        if (TL.Any(deferred))
                        {
                            TV two = TL.Add(one, one), four = TL.Add(two, two);
                            TV signals = TL.Add(TL.Add(TL.And(buy, one), TL.And(sell, two)), TL.Add(TL.And(shortRule, four), TL.And(cover, TL.Add(four, four))));
                            state.DeferredSignals = TL.Select(deferred, signals, state.DeferredSignals);
                            state.Deferred = TL.Or(state.Deferred, deferred);
                            pending = TL.Or(pending, deferred);
                            canEnter = TL.AndNot(canEnter, deferred);
                        }
                    }
                }

                if (TL.Any(events))
                {
                    state.Buy = buy;
                    state.Sell = sell;
                    state.Short = shortRule;
                    state.Cover = cover;
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
                relativeReturn = state.RelativeReturn;
            }

            // Equity after this bar's fills, its return, drawdown and exposure (semantics §5), as the S3 kernel's walk.
            TV equity = TL.Add(state.Cash, TL.Multiply(state.Shares, stored));
            probe.RecordEquity(k, ExactMoney ? equity : TL.Add(equity, offset));
            TV r = ExactMoney
                ? TL.Select(TL.GreaterThan(equityBefore, zero), TL.Subtract(TL.Divide(equity, equityBefore), one), zero)
                : relativeReturn;
            sums.Add<TL, T>(equity, r, offset, shorts ? TL.Or(state.InLong, state.InShort) : state.InLong, k > firstLastBar, state.LastBars, bar, one, zero);
            equityBefore = equity;
            previousClose = stored;
            bar = TL.Add(bar, one);
        }

        state.K = k;
        state.CanEnter = canEnter;
        state.Pending = pending;
        state.EquityBefore = equityBefore;
        state.Sums = sums;
        state.Bar = bar;
        state.PreviousClose = previousClose;
        state.RelativeReturn = relativeReturn;
        return stopped;
    }

    /// <summary>
    /// Plays bar state.K for each lane with an event, in f64, with the rules that hold there, through the lane's
    /// <see cref="PositionAccount"/>, and rewrites the lane's position in the state (and, in f32, the exact return of the bar).
    /// </summary>
    public static void OnEvents(ref AccountState<TV> state, in ChunkInput<T> input, in KernelSettings settings, Span<PositionAccount> accounts)
    {
        var p = settings.Parameters;
        var accountSettings = settings.Account;
        int k = state.K;
        T set = T.AllBitsSet, clear = T.Zero;
        var buy = Lanes(ref state.Buy);
        var sell = Lanes(ref state.Sell);
        var shortRule = Lanes(ref state.Short);
        var cover = Lanes(ref state.Cover);
        var shares = Lanes(ref state.Shares);
        var cash = Lanes(ref state.Cash);
        var inLong = Lanes(ref state.InLong);
        var inShort = Lanes(ref state.InShort);
        var canEnter = Lanes(ref state.CanEnter);
        var pending = Lanes(ref state.Pending);
        var due = Lanes(ref state.Due);
        var lowScreen = Lanes(ref state.LowScreen);
        var highScreen = Lanes(ref state.HighScreen);
        var relativeReturn = Lanes(ref state.RelativeReturn);
        var deferred = Lanes(ref state.Deferred);
        var deferredSignals = Lanes(ref state.DeferredSignals);
        nint row = k * input.Stride, previousRow = row - input.Stride;
        var scales = input.PriceScales.Span;
        bool protective = settings.Protective;
        ulong laneBits = TL.Bits(state.Events);
        while (laneBits != 0)
        {
            int i = BitOperations.TrailingZeroCount(laneBits);
            laneBits &= laneBits - 1;
            ref var account = ref accounts[i];
            double scale = scales[i];
            double closePrice = Price(input.Close, row + i, scale);
            double previousClose = k > 0 ? Price(input.Close, previousRow + i, scale) : closePrice;
            // Equity at the previous close: nothing fills between it and this open.
            double equityBefore = account.Cash + account.Shares * previousClose;

            // fill=next-open: the decision of the previous close, which had no event of its own (no fill, no protective
            // touch, not the last bar), is taken first: it only sets the order this open fills.
            if (T.IsNaN(deferred[i]))
            {
                account.Decide(k - 1, previousClose, (RuleSignals)int.CreateTruncating(deferredSignals[i]), accountSettings);
                deferred[i] = clear;
            }

            var signals = RuleSignals.None;
            if (T.IsNaN(buy[i])) signals |= RuleSignals.Buy;
            if (T.IsNaN(sell[i])) signals |= RuleSignals.Sell;
            if (T.IsNaN(shortRule[i])) signals |= RuleSignals.Short;
            if (T.IsNaN(cover[i])) signals |= RuleSignals.Cover;

            // High and low only matter to stops and targets: without them those rows are not read at all.
            account.Advance(
                k, Price(input.Open, row + i, scale), protective ? Price(input.High, row + i, scale) : closePrice, protective ? Price(input.Low, row + i, scale) : closePrice,
                closePrice, signals, accountSettings);

            // Back into the vectors, in the panel's units: shares per stored price unit, levels scaled.
            bool held = account.InPosition, isLong = account.Shares > 0;
            shares[i] = T.CreateTruncating(account.Shares / scale);
            cash[i] = T.CreateTruncating(ExactMoney ? account.Cash : account.Cash - p.Capital);
            inLong[i] = isLong ? set : clear;
            inShort[i] = held && !isLong ? set : clear;
            canEnter[i] = account.CanEnterAfter(k) ? set : clear;
            pending[i] = account.HasPending ? set : clear;
            due[i] = held && settings.UseTime ? T.CreateTruncating((double)account.EntryBar + p.MaxHoldBars) : T.PositiveInfinity;
            (lowScreen[i], highScreen[i]) = Screens(account, settings, scale);
            double equity = account.Cash + account.Shares * closePrice;
            relativeReturn[i] = T.CreateTruncating(equityBefore > 0 ? equity / equityBefore - 1 : 0);
        }
    }

    /// <summary>The price at <paramref name="at"/> in f64 and in its units; an f64 panel stores prices as they are (scale 1): no division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Price(T* field, nint at, double scale) =>
        ExactMoney ? double.CreateTruncating(field[at]) : double.CreateTruncating(field[at]) / scale;

    /// <summary>
    /// The protective screens of a position, in stored units: a low at or below the first, or a high at or above the
    /// second, may reach a level. A long's stop is below and its target above; a short's target below and its stop above.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (T Low, T High) Screens(in PositionAccount account, in KernelSettings settings, double scale)
    {
        if (!account.InPosition) return (T.NegativeInfinity, T.PositiveInfinity);
        bool isLong = account.Shares > 0;
        double tolerance = account.ProtectiveTolerance;
        bool lowLevel = isLong ? settings.UseStop : settings.UseTarget, highLevel = isLong ? settings.UseTarget : settings.UseStop;
        double below = isLong ? account.Stop : account.Target, above = isLong ? account.Target : account.Stop;
        return (
            lowLevel ? T.CreateTruncating(KernelSettings.StopScreen(below, tolerance) * scale) : T.NegativeInfinity,
            highLevel ? T.CreateTruncating(KernelSettings.TargetScreen(above, tolerance) * scale) : T.PositiveInfinity);
    }
}

/// <summary>The account walk of a strategy with a short or a cover rule (<see cref="GraphAccount{TL, TV, T}.Walk"/>).</summary>
internal readonly struct LongAndShort;

/// <summary>The account walk of a long-only strategy: no short position to test.</summary>
internal readonly struct LongOnly;
