using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Backtest.Lanes;
using Backtest.Simulation;
using Backtest.Strategies.Graph;

namespace Backtest.Fused.Graph;

/// <summary>
/// The account side of the graph kernel (<see cref="GraphKernel{TL, TV, T, TNodes, TBuy, TSell, TShort, TCover}"/>), which
/// depends on the vector width and nothing of the strategy: opening the lanes' state, the account walk in vectors over the
/// cash and positions the event pass (<see cref="LaneEventPass{TL, TV, T}"/>) leaves, and the metric totals.
/// Outside the strategy's generic type, it is compiled once per width for every strategy, grid role and shape a process
/// runs, rather than once for each.
/// </summary>
[SkipLocalsInit]
internal static unsafe class GraphAccount<TL, TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>f64 money is the reference's arithmetic; f32 keeps equity relative to the capital.</summary>
    internal static bool ExactMoney
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => typeof(T) == typeof(double);
    }

    /// <summary>Run-wide values hoisted out of the loops.</summary>
    /// <param name="ReadsRange">The strategy reads high and low at every bar (their rows are prefetched like close's).</param>
    /// <param name="FirstLastBar">The earliest of the lanes' last bars: before it, no lane is past its last bar.</param>
    internal readonly record struct WalkOptions(bool ReadsRange, int FirstDecisionBar, int FirstLastBar, TV Offset, TV Tie, TV InvScale);

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
        state.Shares = zero;
        state.Cash = ExactMoney ? Splat(p.Capital) : zero;
        state.EquityBefore = state.Sums.Peak = state.Cash;
        state.Sums.MaxDrawdown = state.Sums.SumReturns = state.Sums.SumSquares = state.Sums.SumDownside = zero;
        state.Sums.DrawdownRun = state.Sums.LongestDrawdownRun = zero;
        state.Sums.LowestRatio = TL.Splat(T.One);
        state.Bar = zero;
        state.PreviousClose = TL.Load(ref *input.Close);
        // Each lane's comparison ε factor and 1 / its price scale go to the node walk, in the options.
        TV tieVector = zero, invScaleVector = zero;
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
            lastBars[i] = T.CreateTruncating(accounts[i].LastBar);
            tie[i] = T.CreateTruncating(tieEpsilons[i]);
            invScale[i] = T.CreateTruncating(1 / scales[i]);
        }
        options = new WalkOptions(readsRange, w, firstLastBar, ExactMoney ? zero : Splat(p.Capital), tieVector, invScaleVector);
        return state;
    }

    /// <summary>f32 return sums go into the f64 totals every block, so they never grow large enough to lose bars.</summary>
    public static void EndBlock(ref AccountState<TV> state, Span<LaneTotals> totals)
    {
        if (ExactMoney) return;
        AddReturnSums(ref state, totals);
        state.Sums.SumReturns = state.Sums.SumSquares = state.Sums.SumDownside = TL.Splat(T.Zero);
    }

    public static void Close(ref AccountState<TV> state, Span<LaneTotals> totals, ReadOnlySpan<PositionAccount> accounts)
    {
        if (ExactMoney) AddReturnSums(ref state, totals);
        var maxDrawdown = Lanes(ref state.Sums.MaxDrawdown);
        var lowestRatio = Lanes(ref state.Sums.LowestRatio);
        var longestDrawdownRun = Lanes(ref state.Sums.LongestDrawdownRun);
        for (int i = 0; i < TL.Count; i++)
        {
            totals[i].MaxDrawdownBars = double.CreateTruncating(longestDrawdownRun[i]);
            totals[i].MaxDrawdown = double.CreateTruncating(maxDrawdown[i]);
            totals[i].LowestEquityRatio = double.CreateTruncating(lowestRatio[i]);
            totals[i].BarsInMarket = BarsInMarket(accounts[i].Trades);
        }
    }

    /// <summary>
    /// The bars whose close holds a position, from the lane's trades rather than counted bar by bar in the walk: a
    /// position is held at the closes from its entry's fill bar up to the bar before its exit's (an exit at the open,
    /// a stop or target within the bar, or at the close: not held at that close; a reversal's entry takes over at the
    /// same bar), and every position is closed by the lane's last bar.
    /// </summary>
    private static double BarsInMarket(List<Trade>? trades)
    {
        long bars = 0;
        if (trades is not null)
            foreach (var trade in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(trades)) bars += trade.ExitBar - trade.EntryBar;
        return bars;
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
    /// The account walk: bars <paramref name="from"/>..<paramref name="to"/> in vectors, after the event pass
    /// (<see cref="LaneEventPass{TL, TV, T}.Play"/>) has played them: each bar takes the cash and shares the pass left
    /// where it played the lane (<paramref name="changes"/>, at the bars of <paramref name="playedBars"/>), and adds the bar's equity, return
    /// and drawdown to the metric sums (semantics §5; exposure comes from the trades, <see cref="Close"/>). It never stops: its state is a few vectors, all in
    /// registers, metric sums included.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Walk<TProbe>(ref AccountState<TV> state, in ChunkInput<T> input, int from, int to, T* changes, ulong playedBars, in WalkOptions options, ref TProbe probe)
        where TProbe : struct, IWalkProbe<TV>
    {
        TV cash = state.Cash, shares = state.Shares;
        TV equityBefore = state.EquityBefore;
        MetricSums<TV> sums = state.Sums;
        TV bar = state.Bar, previousClose = state.PreviousClose;
        // Constants the JIT sees as such; f64 has no offset.
        TV zero = TL.Splat(T.Zero), one = TL.Splat(T.One), offset = ExactMoney ? zero : options.Offset;
        TV allSet = TL.Equal(zero, zero);
        T* close = input.Close;
        nint stride = input.Stride;
        int firstLastBar = options.FirstLastBar;
        if (typeof(TProbe) == typeof(NoWalkProbe<TV>) && playedBars == 0 && to <= firstLastBar && !TL.Any(TL.AndNot(allSet, TL.Equal(shares, zero))))
        {
            // Every lane flat, nothing played, none past its last bar: equity stays at the cash, each bar's return is 0
            // and adds nothing to the sums (x + 0 = x), the peak, drawdown and lowest ratio saw this equity at the bar
            // before, and only the runs below the peak grow, by the stretch's bars. Such a stretch (most of them, for a
            // strategy in the market a tenth of the time) takes one step instead of a pass.
            TV bars = TL.Splat(T.CreateTruncating(to - from + 1));
            sums.DrawdownRun = TL.Select(TL.GreaterThan(sums.Peak, equityBefore), TL.Add(sums.DrawdownRun, bars), zero);
            sums.LongestDrawdownRun = TL.Max(sums.LongestDrawdownRun, sums.DrawdownRun);
            state.Sums = sums;
            state.Bar = TL.Add(bar, bars);
            state.PreviousClose = TL.Load(ref *(close + to * stride));
            return;
        }

        const int changesPerBar = LaneEventPass<TL, TV, T>.ChangesPerBar;
        for (int k = from; k <= to; k++)
        {
            TV stored = TL.Load(ref *(close + k * stride));
            T* change = changes + (nint)(k - from) * changesPerBar * TL.Count;
            // Most bars have no lane played: their row of changes is not read (nor written).
            bool anyPlayed = ((playedBars >> (k - from)) & 1) != 0;
            TV played = zero;
            if (anyPlayed)
            {
                TV newCash = TL.Load(ref *change);
                played = TL.Equal(newCash, newCash);
                cash = TL.Select(played, newCash, cash);
                shares = TL.Select(played, TL.Load(ref *(change + TL.Count)), shares);
            }

            // Equity after this bar's fills, its return and drawdown, as the S3 kernel's walk.
            TV equity = TL.Add(cash, TL.Multiply(shares, stored));
            probe.RecordEquity(k, ExactMoney ? equity : TL.Add(equity, offset));
            TV r;
            if (ExactMoney) r = TL.Select(TL.GreaterThan(equityBefore, zero), TL.Subtract(TL.Divide(equity, equityBefore), one), zero);
            else
            {
                // f32: shares·Δclose over the previous equity where nothing filled; the event pass's f64 return where it played.
                TV before = TL.Add(equityBefore, offset);
                TV held = TL.Select(TL.GreaterThan(before, zero), TL.Divide(TL.Multiply(shares, TL.Subtract(stored, previousClose)), before), zero);
                r = anyPlayed ? TL.Select(played, TL.Load(ref *(change + 2 * TL.Count)), held) : held;
            }
            sums.Add<TL, T>(equity, r, offset, k > firstLastBar, state.LastBars, bar, one, zero);
            equityBefore = equity;
            previousClose = stored;
            bar = TL.Add(bar, one);
        }

        state.Cash = cash;
        state.Shares = shares;
        state.EquityBefore = equityBefore;
        state.Sums = sums;
        state.Bar = bar;
        state.PreviousClose = previousClose;
    }
}
