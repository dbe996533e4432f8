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
/// <see cref="LaneProgramBuilder"/> into one closed type) over the stretch and leaves the four rules of each bar as lane
/// bits (<see cref="RuleBits"/>); the event pass (<see cref="LaneEventPass{TL, TV, T}"/>) plays each lane's f64
/// <see cref="PositionAccount"/> (the one long/short account every engine plays) at the bars where it can act; the
/// account walk (<see cref="GraphAccount{TL, TV, T}.Walk"/>) then carries equity and the metric sums over the same bars
/// in vectors.
/// </summary>
/// <remarks>
/// <para>Separate passes rather than one walk: the strategy's values have the vector registers to themselves, the
/// account walk's state (metric sums included) fits in registers beside its few values, and neither the node walk nor
/// the account walk ever stops for an event.</para>
/// <para>The node walk holds no call: every node's Step is inlined (a call would make the JIT keep every vector live
/// across it on the stack). GraphWalkInliningTests fails when that stops being so.</para>
/// <para>Money is the S3 kernel's: f64 equity is the reference's arithmetic; f32 keeps equity relative to the capital,
/// r of a bar without a fill is shares·Δclose / previous equity (the event pass's f64 return where it played the lane),
/// and the return sums reach f64 totals every block.</para>
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
    public const int BlockBars = 512;

    private const int PrefetchRows = 16;

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
        var state = GraphAccount<TL, TV, T>.Open(input, graph, settings, accounts, totals, out var options);
        TNodes nodes = default;
        nodes.Open(setup);
        int lastBar = input.MaxLastBar;
        int steadyFrom = SteadyFrom(graph);
        // The rules of a stretch of bars as the node walk leaves them for the event pass (bits, zero once for good where
        // the strategy has no such rule), and the cash and positions the event pass leaves for the account walk.
        int bitsSize = RuleBits.Size(TL.Count), changesSize = LaneEventPass<TL, TV, T>.ChangesSize;
        byte* ruleBits = (byte*)NativeMemory.AlignedAlloc((nuint)(bitsSize + changesSize), 64);
        T* changes = (T*)(ruleBits + bitsSize);
        NativeMemory.Clear(ruleBits, (nuint)bitsSize);
        bool shorts = typeof(TShort) != typeof(NoRule) || typeof(TCover) != typeof(NoRule);
        var classes = LaneClasses.Open(accounts, TL.Count);
        try
        {
            for (int blockStart = 0; blockStart <= lastBar; blockStart += BlockBars)
            {
                int blockEnd = Math.Min(lastBar, blockStart + BlockBars - 1);
                nodes.Rebase(BarAt(blockStart, input, volume, options.InvScale));
                for (int from = blockStart; from <= blockEnd; from += RuleBits.Bars)
                {
                    int to = Math.Min(blockEnd, from + RuleBits.Bars - 1);
                    // The nodes first, the whole stretch without a stop: the bars before every node is past its first bar
                    // take the warm-up walk (seeds, first windows), the rest the hot one.
                    int steadyStart = Math.Clamp(steadyFrom, from, to + 1);
                    if (from < steadyStart) Walk<TProbe, WarmUp>(ref nodes, input, volume, from, steadyStart - 1, from, ruleBits, options, ref probe);
                    if (steadyStart <= to) Walk<TProbe, Steady>(ref nodes, input, volume, steadyStart, to, from, ruleBits, options, ref probe);
                    // Then each lane's accounts at the bars where something can happen to it, and the account in vectors
                    // over the same bars.
                    ulong playedBars = LaneEventPass<TL, TV, T>.Play(input, from, to, ruleBits, shorts, settings, options.FirstDecisionBar, accounts, ref classes, changes);
                    GraphAccount<TL, TV, T>.Walk(ref state, input, from, to, changes, playedBars, options, ref probe);
                }
                GraphAccount<TL, TV, T>.EndBlock(ref state, totals);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(ruleBits);
        }
        GraphAccount<TL, TV, T>.Close(ref state, totals, accounts);
    }

    /// <summary>Bar <paramref name="k"/>'s rows, for what reads the panel outside the walk (rebases).</summary>
    private static LaneBar<TV, T> BarAt(int k, in ChunkInput<T> input, T* volume, TV invScale)
    {
        nint at = k * input.Stride;
        return new LaneBar<TV, T>
        {
            K = k,
            RawClose = TL.Load(ref *(input.Close + at)),
            PreviousRawClose = TL.Load(ref *(input.Close + (k > 0 ? at - input.Stride : at))),
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

    /// <summary>The walk's phases: every bar (seeds, first windows), or once every node is past its first bar.</summary>
    internal readonly struct WarmUp;

    internal readonly struct Steady;

    /// <summary>The mask of lanes where a rule the strategy has holds (its bool node equal to 1, na not; or its mask as the node wrote it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Holds<TRule>(ref LaneValues<TV> values, TV one)
        where TRule : IRuleSlot =>
        TRule.IsMask ? TRule.Of(ref values) : TL.Equal(TRule.Of(ref values), one);

    /// <summary>
    /// The node walk: steps the strategy's nodes over bars <paramref name="from"/> .. <paramref name="to"/> without a
    /// stop and leaves each bar's four rules as lane bits in <paramref name="ruleBits"/> (<see cref="RuleBits"/>, bar k at
    /// k − <paramref name="stretchStart"/>). It holds nothing of the account, so the strategy has the vector registers to
    /// itself, and an event never interrupts it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Walk<TProbe, TPhase>(
        ref TNodes nodes, in ChunkInput<T> input, T* volume, int from, int to, int stretchStart, byte* ruleBits, in GraphAccount<TL, TV, T>.WalkOptions options,
        ref TProbe probe)
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
                // open too, whether the strategy reads it or not: every next-open fill of the event pass reads it (without
                // it, macd_cross, which trades every 25 bars, ran 35% slower).
                Sse.Prefetch0(open + at + PrefetchRows * stride);
                // A row of a wide panel is pages away from the next: unprefetched, high and low miss every bar.
                if (readsRange)
                {
                    Sse.Prefetch0(high + at + PrefetchRows * stride);
                    Sse.Prefetch0(low + at + PrefetchRows * stride);
                }
            }
            TV stored = TL.Load(ref *(close + at));
            // Bar 0 has no previous close: its own stands in (no node reads a change there).
            TV previousStored = k > 0 ? TL.Load(ref *(close + at - stride)) : stored;
            TV price = GraphAccount<TL, TV, T>.ExactMoney ? stored : TL.Multiply(stored, invScale);
            var laneBar = new LaneBar<TV, T>
            {
                K = k,
                Bar = bar,
                RawClose = stored,
                PreviousRawClose = previousStored,
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

            // A rule the strategy does not have keeps its row of zeros.
            int j = k - stretchStart;
            if (typeof(TBuy) != typeof(NoRule)) RuleBits.Store(RuleBits.At(ruleBits, 0, j, TL.Count), TL.Bits(Holds<TBuy>(ref values, one)), TL.Count);
            if (typeof(TSell) != typeof(NoRule)) RuleBits.Store(RuleBits.At(ruleBits, 1, j, TL.Count), TL.Bits(Holds<TSell>(ref values, one)), TL.Count);
            if (typeof(TShort) != typeof(NoRule)) RuleBits.Store(RuleBits.At(ruleBits, 2, j, TL.Count), TL.Bits(Holds<TShort>(ref values, one)), TL.Count);
            if (typeof(TCover) != typeof(NoRule)) RuleBits.Store(RuleBits.At(ruleBits, 3, j, TL.Count), TL.Bits(Holds<TCover>(ref values, one)), TL.Count);
            bar = TL.Add(bar, one);
        }
    }
}
