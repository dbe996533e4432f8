using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Backtest.Lanes;
using Backtest.Simulation;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;

namespace Backtest.Fused.Graph;

/// <summary>
/// Any strategy graph's backtest of one chunk of lanes in one pass over time, stretch by stretch of 64 bars: the node
/// walk (<see cref="Walk"/>) advances the strategy (<typeparamref name="TNodes"/>, composed by
/// <see cref="LaneProgramBuilder"/> into one closed type) over the stretch and leaves the four rules' masks of each bar;
/// the account walk (<see cref="AccountWalk"/>) then goes over the same bars and only screens for events (a fill, a
/// possible stop or target, a decision, the lane's last bar), which it returns for: the lane's f64
/// <see cref="PositionAccount"/> (the one long/short account every engine plays) takes them with the lane's
/// <see cref="RuleSignals"/>.
/// </summary>
/// <remarks>
/// <para>Two walks rather than one: the strategy's values have the vector registers to themselves, the account's
/// state (metric sums included) fits in registers beside its few values, and an event interrupts only the small account
/// walk, never the strategy's (measured side by side: s3 0.69 → 0.78 of the hand kernel's bars per CPU-second,
/// bollinger 0.41 → 0.50; rsi, which trades little and has few values, 1.28 → 1.1).</para>
/// <para>The node walk holds no call: every node's Step is inlined (a call would make the JIT keep every vector live
/// across it on the stack). GraphWalkInliningTests fails when that stops being so.</para>
/// <para>Every decision is an event (unlike the S3 kernel, which marks next-open orders pending in the vectors): the
/// account decides, long or short, reversals included; the vectors only hold what the screen needs of its position
/// (long and short masks, the time limit's bar, the protective levels as a low and a high screen).</para>
/// <para>Money is the S3 kernel's: f64 equity is the reference's arithmetic; f32 keeps equity relative to the capital,
/// r of a bar without a fill is shares·Δclose / previous equity, and the return sums reach f64 totals every block.</para>
/// </remarks>
[SkipLocalsInit]
internal static unsafe class GraphKernel<TL, TV, T, TNodes, TBuy, TSell, TShort, TCover>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TNodes : struct, ILaneNode<TV, T>
    where TBuy : IRuleSlot
    where TSell : IRuleSlot
    where TShort : IRuleSlot
    where TCover : IRuleSlot
{
    /// <summary>Bars between recomputations of the rolling sums, and (f32) between flushes of the return sums.</summary>
    public const int BlockBars = FusedKernel<TL, TV, T>.BlockBars;

    private const int PrefetchRows = 16;

    /// <summary>Bars the node walk runs ahead of the account walk: their rule masks (four vectors a bar, 16 KB of 512-bit f64 rows) stay in L1.</summary>
    private const int RuleRows = 64;

    private const int RulesPerRow = 4;

    private static bool ExactMoney
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double);
    }

    /// <summary>Run-wide switches and the first decision bar, hoisted out of the loop.</summary>
    /// <param name="ReadsRange">The strategy reads high and low at every bar (their rows are prefetched like close's).</param>
    internal readonly record struct WalkOptions(bool Protective, bool UseTime, bool FillAtClose, bool ReadsRange, int FirstDecisionBar, TV Offset, TV Tie, TV InvScale);

    private static Span<T> Lanes(ref TV vector) => MemoryMarshal.CreateSpan(ref Unsafe.As<TV, T>(ref vector), TL.Count);

    private static TV Splat(double value) => TL.Splat(T.CreateTruncating(value));

    /// <summary>Runs the lanes of <paramref name="input"/>; accounts hold each lane's last bar on entry.</summary>
    /// <param name="records">Per graph node, the row of its recorded values at the chunk's first lane, for the nodes the
    /// composition reads (<see cref="NodeSharing"/>); empty for a walk that computes every node.</param>
    public static void Run(
        in ChunkInput<T> input, T* volume, ReadOnlySpan<nint> records, StrategyGraph graph, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals)
    {
        var probe = new NoWalkProbe<TV>();
        Run(input, volume, records, graph, settings, accounts, totals, ref probe);
    }

    /// <summary>As <see cref="Run(in ChunkInput{T}, T*, ReadOnlySpan{nint}, StrategyGraph, in KernelSettings, Span{PositionAccount}, Span{LaneTotals})"/>, handing every bar's node values and equity to <paramref name="probe"/>.</summary>
    public static void Run<TProbe>(
        in ChunkInput<T> input, T* volume, ReadOnlySpan<nint> records, StrategyGraph graph, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals,
        ref TProbe probe)
        where TProbe : struct, IWalkProbe<TV>
    {
        using var setup = new NodeSetup<T>(graph, TL.Count, records);
        var state = Open(input, graph, settings, accounts, totals, setup, out var options);
        int lastBar = input.MaxLastBar;
        int steadyFrom = SteadyFrom(graph);
        // The rule masks of a stretch of bars, as the node walk leaves them for the account walk: a row of four vectors a bar.
        T* rules = (T*)NativeMemory.AlignedAlloc((nuint)(RuleRows * RulesPerRow * TL.Count * sizeof(T)), 64);
        try
        {
            for (int blockStart = 0; blockStart <= lastBar; blockStart += BlockBars)
            {
                int blockEnd = Math.Min(lastBar, blockStart + BlockBars - 1);
                state.Nodes.Rebase(BarAt(blockStart, input, volume, state.InvScale));
                for (int from = blockStart; from <= blockEnd; from += RuleRows)
                {
                    int to = Math.Min(blockEnd, from + RuleRows - 1);
                    // The nodes first, the whole stretch without a stop: the bars before every node is past its first bar
                    // take the warm-up walk (seeds, first windows), the rest the hot one.
                    int steadyStart = Math.Clamp(steadyFrom, from, to + 1);
                    if (from < steadyStart) Walk<TProbe, WarmUp>(ref state.Nodes, input, volume, from, steadyStart - 1, rules - (nint)from * RulesPerRow * TL.Count, options, ref probe);
                    if (steadyStart <= to) Walk<TProbe, Steady>(ref state.Nodes, input, volume, steadyStart, to, rules - (nint)from * RulesPerRow * TL.Count, options, ref probe);
                    // Then the account over the same bars, stopping at each bar with an event for the event path.
                    state.K = from;
                    state.Resume = false;
                    while (AccountWalk(ref state, input, to, rules - (nint)from * RulesPerRow * TL.Count, options, ref probe))
                    {
                        OnEvents(ref state, input, settings, accounts);
                        state.Resume = true;
                    }
                }
                EndBlock(ref state, totals);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(rules);
        }
        Close(ref state, totals);
    }

    /// <summary>Bar <paramref name="k"/>'s rows, for what reads the panel outside the walk (rebases).</summary>
    private static LaneBar<TV, T> BarAt(int k, in ChunkInput<T> input, T* volume, TV invScale)
    {
        nint at = k * input.Stride;
        return new LaneBar<TV, T>
        {
            K = k,
            Zero = TL.Splat(T.Zero),
            One = TL.Splat(T.One),
            Na = TL.Splat(T.NaN),
            SignMask = TL.Splat(T.NegativeZero),
            InvScale = invScale,
            OpenRow = input.Open + at,
            HighRow = input.High + at,
            LowRow = input.Low + at,
            CloseRow = input.Close + at,
            VolumeRow = volume + at,
            Stride = input.Stride,
        };
    }

    /// <summary>The first bar at which every node is past its first bar (its seed or first whole window).</summary>
    internal static int SteadyFrom(StrategyGraph graph)
    {
        long last = 0;
        foreach (var node in graph.Nodes) last = Math.Max(last, node.FirstBar);
        return (int)Math.Min(last + 1, int.MaxValue);
    }

    private static GraphKernelState<TV, TNodes> Open(
        in ChunkInput<T> input, StrategyGraph graph, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals,
        NodeSetup<T> setup, out WalkOptions options)
    {
        int lanes = TL.Count;
        var p = settings.Parameters;
        int w = graph.FirstDecisionBarIndex;
        totals[..lanes].Clear();
        TV zero = TL.Splat(T.Zero);
        bool readsRange = settings.Protective || graph.Nodes.Any(n => n.Op is NodeOp.High or NodeOp.Low);
        GraphKernelState<TV, TNodes> state = default;
        state.Nodes.Open(setup);
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
        var canEnter = Lanes(ref state.CanEnter);
        var lastBars = Lanes(ref state.LastBars);
        var tie = Lanes(ref state.Tie);
        var invScale = Lanes(ref state.InvScale);
        var tieEpsilons = input.TieEpsilons.Span;
        var scales = input.PriceScales.Span;
        for (int i = 0; i < lanes; i++)
        {
            // The strategy's W, not the S3 warm-up the chunk's input opened the account with.
            accounts[i].FirstDecisionBar = w;
            canEnter[i] = accounts[i].LastBar >= w ? T.AllBitsSet : T.Zero;
            lastBars[i] = T.CreateTruncating(accounts[i].LastBar);
            tie[i] = T.CreateTruncating(tieEpsilons[i]);
            invScale[i] = T.CreateTruncating(1 / scales[i]);
        }
        options = new WalkOptions(settings.Protective, settings.UseTime, p.Fill == Strategy.FillMode.Close, readsRange, w, ExactMoney ? zero : Splat(p.Capital), state.Tie, state.InvScale);
        return state;
    }

    /// <summary>f32 return sums go into the f64 totals every block, so they never grow large enough to lose bars.</summary>
    private static void EndBlock(ref GraphKernelState<TV, TNodes> state, Span<LaneTotals> totals)
    {
        if (ExactMoney) return;
        AddReturnSums(ref state, totals);
        state.Sums.SumReturns = state.Sums.SumSquares = state.Sums.SumDownside = TL.Splat(T.Zero);
    }

    private static void Close(ref GraphKernelState<TV, TNodes> state, Span<LaneTotals> totals)
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

    private static void AddReturnSums(ref GraphKernelState<TV, TNodes> state, Span<LaneTotals> totals)
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

    /// <summary>The walk's phases: every bar (seeds, first windows), or once every node is past its first bar.</summary>
    internal readonly struct WarmUp;

    internal readonly struct Steady;

    /// <summary>The mask of lanes where a rule holds (a bool node equal to 1; na does not hold).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Holds<TRule>(ref LaneValues<TV> values, TV one, TV zero)
        where TRule : IRuleSlot =>
        typeof(TRule) != typeof(NoRule) ? TL.Equal(TRule.Of(ref values), one) : zero;

    /// <summary>
    /// The node walk: steps the strategy's nodes over bars <paramref name="from"/> .. <paramref name="to"/> without a
    /// stop and leaves each bar's four rule masks in its row of <paramref name="rules"/> (row k at k · 4 vectors). It holds
    /// nothing of the account, so the strategy has the vector registers to itself, and an event never interrupts it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Walk<TProbe, TPhase>(ref TNodes nodes, in ChunkInput<T> input, T* volume, int from, int to, T* rules, in WalkOptions options, ref TProbe probe)
        where TProbe : struct, IWalkProbe<TV>
        where TPhase : struct
    {
        // The strategy's nodes stay where they are, by reference: the JIT keeps a struct this large in memory either way.
        Unsafe.SkipInit(out LaneValues<TV> values);
        // Constants the JIT sees as such (it can rebuild them where needed instead of holding registers).
        TV zero = TL.Splat(T.Zero), one = TL.Splat(T.One), na = TL.Splat(T.NaN), signMask = TL.Splat(T.NegativeZero);
        TV tie = options.Tie, invScale = options.InvScale;
        TV bar = TL.Splat(T.CreateTruncating(from));
        T* close = input.Close, low = input.Low, high = input.High, open = input.Open;
        nint stride = input.Stride;
        bool readsRange = options.ReadsRange;
        for (int k = from; k <= to; k++)
        {
            nint at = k * stride;
            if (Sse.IsSupported)
            {
                Sse.Prefetch0(close + at + PrefetchRows * stride);
                Sse.Prefetch0(open + at + PrefetchRows * stride);
                // A row of a wide panel is pages away from the next: unprefetched, high and low miss every bar.
                if (readsRange)
                {
                    Sse.Prefetch0(high + at + PrefetchRows * stride);
                    Sse.Prefetch0(low + at + PrefetchRows * stride);
                }
            }
            TV stored = TL.Load(ref *(close + at));
            TV price = ExactMoney ? stored : TL.Multiply(stored, invScale);
            var laneBar = new LaneBar<TV, T>
            {
                K = k,
                Bar = bar,
                Close = price,
                Tie = tie,
                TieClose = TL.Multiply(tie, price),
                InvScale = invScale,
                OpenRow = open + at,
                HighRow = high + at,
                LowRow = low + at,
                CloseRow = close + at,
                VolumeRow = volume + at,
                Stride = stride,
                Zero = zero,
                One = one,
                Na = na,
                SignMask = signMask,
            };
            if (typeof(TPhase) == typeof(Steady)) nodes.StepSteady(ref values, laneBar);
            else nodes.Step(ref values, laneBar);
            probe.Record(k, ref values);

            T* row = rules + (nint)k * RulesPerRow * TL.Count;
            if (typeof(TBuy) != typeof(NoRule)) TL.Store(Holds<TBuy>(ref values, one, zero), ref *row);
            if (typeof(TSell) != typeof(NoRule)) TL.Store(Holds<TSell>(ref values, one, zero), ref *(row + TL.Count));
            if (typeof(TShort) != typeof(NoRule)) TL.Store(Holds<TShort>(ref values, one, zero), ref *(row + 2 * TL.Count));
            if (typeof(TCover) != typeof(NoRule)) TL.Store(Holds<TCover>(ref values, one, zero), ref *(row + 3 * TL.Count));
            bar = TL.Add(bar, one);
        }
    }

    /// <summary>The mask of rule <paramref name="index"/> (buy, sell, short, cover) at the row, or none for a strategy without it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV RuleMask<TRule>(T* row, int index, TV zero)
        where TRule : IRuleSlot =>
        typeof(TRule) != typeof(NoRule) ? TL.Load(ref *(row + index * TL.Count)) : zero;

    /// <summary>
    /// The account walk: bars state.K .. <paramref name="to"/> on the rule masks the node walk left, returning false at
    /// the end, or true at the first bar with an event, its rule masks and event lanes left in the state (state.K is that
    /// bar). With state.Resume set, bar K's events are done and the event path has played them: only the bar's equity is
    /// left. Its state is a few vectors, all in registers, metric sums included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool AccountWalk<TProbe>(ref GraphKernelState<TV, TNodes> state, in ChunkInput<T> input, int to, T* rules, in WalkOptions options, ref TProbe probe)
        where TProbe : struct, IWalkProbe<TV>
    {
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
        // A long-only strategy (no short or cover rule) has no short position to test.
        bool shorts = typeof(TShort) != typeof(NoRule) || typeof(TCover) != typeof(NoRule);
        int firstDecisionBar = options.FirstDecisionBar;
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
                TV events = TL.Or(pending, TL.Equal(bar, state.LastBars));
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
                    buy = RuleMask<TBuy>(row, 0, zero);
                    sell = RuleMask<TSell>(row, 1, zero);
                    shortRule = RuleMask<TShort>(row, 2, zero);
                    cover = RuleMask<TCover>(row, 3, zero);
                    TV decisions = TL.And(state.InLong, sell);
                    if (shorts) decisions = TL.Or(decisions, TL.And(state.InShort, cover));
                    decisions = TL.Or(decisions, TL.And(canEnter, typeof(TShort) != typeof(NoRule) ? TL.Or(TL.AndNot(buy, shortRule), TL.AndNot(shortRule, buy)) : buy));
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
            sums.Add<TL, T>(equity, r, offset, shorts ? TL.Or(state.InLong, state.InShort) : state.InLong, state.LastBars, bar, one, zero);
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
    private static void OnEvents(ref GraphKernelState<TV, TNodes> state, in ChunkInput<T> input, in KernelSettings settings, Span<PositionAccount> accounts)
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
            // An f64 panel stores prices as they are (scale 1): no division on the event path.
            double Price(T* field, nint at) => ExactMoney ? double.CreateTruncating(field[at + i]) : double.CreateTruncating(field[at + i]) / scale;

            double closePrice = Price(input.Close, row);
            double previousClose = k > 0 ? Price(input.Close, previousRow) : closePrice;
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
                k, Price(input.Open, row), protective ? Price(input.High, row) : closePrice, protective ? Price(input.Low, row) : closePrice,
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

    /// <summary>
    /// The protective screens of a position, in stored units: a low at or below the first, or a high at or above the
    /// second, may reach a level. A long's stop is below and its target above; a short's target below and its stop above.
    /// </summary>
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
