using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;
using Backtest.Simulation;

namespace Backtest.Fused.Graph;

/// <summary>
/// The event pass of a stretch of bars, lane by lane, between the node walk and the account walk
/// (<see cref="GraphAccount{TL, TV, T}.Walk"/>): each lane's f64 <see cref="PositionAccount"/> (the one long/short
/// account every engine plays) plays the bars where something can happen to it, and only those, found by bit scans of
/// the lane's rule words (<see cref="RuleBits"/>); where its cash or position changed, the pass leaves them for the
/// account walk, which carries equity and the metric sums in vectors and never stops.
/// </summary>
/// <remarks>
/// <para>A bar is skipped only where <see cref="PositionAccount.Advance"/> would change nothing: no order pending, not
/// the lane's last bar, no stop or target within reach (the screen below), and no rule that could decide (flat: buy or
/// short, not both; long: sell; short: cover; or the time limit reached). Every other bar is played, so a lane's
/// trades are those of the reference, which plays every bar.</para>
/// <para>It replaced an account walk in vectors that stopped at every bar with an event for the lanes concerned: for a
/// strategy that trades every 12-25 bars nearly every bar of a vector of 8 lanes was such a stop.</para>
/// </remarks>
[SkipLocalsInit]
internal static unsafe class LaneEventPass<TL, TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Vectors per bar of the changes a stretch leaves: cash (NaN where the lane was not played), shares and (f32) the bar's exact return.</summary>
    public const int ChangesPerBar = 3;

    /// <summary>Bytes of the changes of a stretch.</summary>
    public static int ChangesSize => RuleBits.Bars * ChangesPerBar * TL.Count * Unsafe.SizeOf<T>();

    private static bool ExactMoney => GraphAccount<TL, TV, T>.ExactMoney;

    /// <summary>
    /// Plays bars <paramref name="from"/>..<paramref name="to"/> (at most <see cref="RuleBits.Bars"/>) of every lane with
    /// the rules in <paramref name="ruleBits"/>, and leaves in <paramref name="changes"/> (row j for bar from + j: cash,
    /// shares, return, <see cref="TL.Count"/> lanes each) each played bar's cash (f32: less the capital), shares (per stored
    /// price unit) and, in f32, the bar's return in f64, for the bars it played some lane at: it returns those bars (bit j
    /// for bar from + j), whose cash row is NaN for the lanes not played there (their other rows hold anything).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ulong Play(
        in ChunkInput<T> input, int from, int to, byte* ruleBits, bool shorts, in KernelSettings settings, int firstDecisionBar,
        Span<PositionAccount> accounts, ref LaneClasses classes, T* changes)
    {
        int lanes = TL.Count;
        var stretch = new StretchRules(ruleBits, lanes, shorts);
        // The lanes whose last bar lies in the stretch (live in it, not after).
        ulong live = classes.Live, ending = 0;
        if (to >= classes.FirstEnd)
        {
            for (int i = 0; i < lanes; i++)
                if ((uint)(accounts[i].LastBar - from) <= (uint)(to - from)) ending |= 1UL << i;
            classes.Ended(ending, accounts, lanes);
        }
        // Only a lane that a rule its position reads holds for somewhere in the stretch, or with an order pending, a time
        // limit or a stop to watch, or at its last bar, can have an event: the others are not visited.
        ulong visit = live & (ending | classes.Busy
            | (classes.Flat & (stretch.AnyBuy | stretch.AnyShort)) | (classes.Long & stretch.AnySell) | (classes.Short & stretch.AnyCover));

        var accountSettings = settings.Account;
        var scales = input.PriceScales.Span;
        ulong playedBars = 0;
        while (visit != 0)
        {
            int i = BitOperations.TrailingZeroCount(visit);
            visit &= visit - 1;
            ref var account = ref accounts[i];
            int end = Math.Min(to, account.LastBar);
            // Rules decide from the first decision bar on, and not at the last bar (the account closes there instead).
            var words = new LaneWords(stretch, i, RuleBits.Range(firstDecisionBar - from, account.LastBar - 1 - from), account.LastBar <= to ? 1UL << (account.LastBar - from) : 0);
            double scale = scales[i];
            for (int k = from; k <= end;)
            {
                int next = NextEvent(in account, k, from, end, ref words, input, i, settings, scale);
                if (next > end) break;
                int bar = next - from;
                var signals = RuleSignals.None;
                if (RuleBits.Holds(ruleBits, 0, bar, i, lanes)) signals |= RuleSignals.Buy;
                if (RuleBits.Holds(ruleBits, 1, bar, i, lanes)) signals |= RuleSignals.Sell;
                if (shorts && RuleBits.Holds(ruleBits, 2, bar, i, lanes)) signals |= RuleSignals.Short;
                if (shorts && RuleBits.Holds(ruleBits, 3, bar, i, lanes)) signals |= RuleSignals.Cover;
                T* row = changes + (nint)bar * ChangesPerBar * lanes;
                if (((playedBars >> bar) & 1) == 0)
                {
                    // A bar's first played lane: the cash row marks the lanes played (NaN for the others).
                    TL.Store(TL.Splat(T.NaN), ref *row);
                    playedBars |= 1UL << bar;
                }
                PlayBar(ref account, next, signals, input, i, scale, accountSettings, row + i);
                k = next + 1;
            }
            classes.Update(i, account, settings);
        }
        return playedBars;
    }

    /// <summary>The rules of a stretch and, per rule, the lanes where it holds at some bar (the others' words are 0 without extraction).</summary>
    private readonly struct StretchRules(byte* rows, int lanes, bool shorts)
    {
        public readonly byte* Rows = rows;
        public readonly int Lanes = lanes;
        public readonly ulong AnyBuy = RuleBits.AnyLanes(rows, 0, lanes), AnySell = RuleBits.AnyLanes(rows, 1, lanes);
        public readonly ulong AnyShort = shorts ? RuleBits.AnyLanes(rows, 2, lanes) : 0, AnyCover = shorts ? RuleBits.AnyLanes(rows, 3, lanes) : 0;

        public ulong Word(int rule, ulong anyLanes, int lane) => ((anyLanes >> lane) & 1) != 0 ? RuleBits.Word(Rows, rule, lane, Lanes) : 0;
    }

    /// <summary>
    /// A lane's rule words for a stretch, each limited to the bars where it can decide, extracted on first use: a flat lane
    /// needs only its entries, a long one its sells, a short one its covers.
    /// </summary>
    private struct LaneWords(in StretchRules stretch, int lane, ulong decidable, ulong lastBar)
    {
        private readonly StretchRules _stretch = stretch;
        private readonly int _lane = lane;
        private readonly ulong _decidable = decidable;
        private ulong _entries, _longExits, _shortExits;
        private int _extracted;

        /// <summary>The lane's last bar, where the account closes a position, if it lies in the stretch.</summary>
        public readonly ulong LastBar = lastBar;

        /// <summary>Buy or short, not both: a flat lane's entry.</summary>
        public ulong Entries => (_extracted & 1) != 0 ? _entries : Extract(ref _entries, 1,
            _stretch.Word(0, _stretch.AnyBuy, _lane) ^ _stretch.Word(2, _stretch.AnyShort, _lane));

        public ulong LongExits => (_extracted & 2) != 0 ? _longExits : Extract(ref _longExits, 2, _stretch.Word(1, _stretch.AnySell, _lane));

        public ulong ShortExits => (_extracted & 4) != 0 ? _shortExits : Extract(ref _shortExits, 4, _stretch.Word(3, _stretch.AnyCover, _lane));

        private ulong Extract(ref ulong word, int flag, ulong bits)
        {
            _extracted |= flag;
            return word = bits & _decidable;
        }
    }

    /// <summary>The first bar from <paramref name="k"/> on at which the account may do something, or past <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int NextEvent(in PositionAccount account, int k, int from, int end, ref LaneWords words, in ChunkInput<T> input, int lane, in KernelSettings settings, double scale)
    {
        if (account.HasPending) return k;
        ulong candidates = words.LastBar;
        if (account.Shares == 0) candidates |= words.Entries;
        else
        {
            candidates |= account.Shares > 0 ? words.LongExits : words.ShortExits;
            if (settings.UseTime)
            {
                long due = (long)account.EntryBar + settings.Parameters.MaxHoldBars;
                if (due <= end) candidates |= 1UL << (int)(Math.Max(due, k) - from);
            }
        }
        candidates &= ~0UL << (k - from);
        int next = candidates == 0 ? int.MaxValue : from + BitOperations.TrailingZeroCount(candidates);
        if (settings.Protective && account.Shares != 0)
        {
            // Stops and targets may be reached at any bar after the entry's decision: the bars before the next rule
            // event are screened one by one, by their low and high (the open lies between them).
            var (lowScreen, highScreen) = Screens(account, settings, scale);
            T* low = input.Low + lane, high = input.High + lane;
            nint stride = input.Stride;
            for (int b = Math.Max(k, account.EntryDecisionBar + 1), last = Math.Min(next - 1, end); b <= last; b++)
                if (lowScreen >= low[b * stride] || high[b * stride] >= highScreen) return b;
        }
        return next;
    }

    /// <summary>Plays bar <paramref name="k"/> through the account, and leaves what it changed in <paramref name="change"/> (the lane's cash; shares one vector on; the return two on).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PlayBar(ref PositionAccount account, int k, RuleSignals signals, in ChunkInput<T> input, int lane, double scale, in AccountSettings settings, T* change)
    {
        nint at = k * input.Stride + lane;
        double close = Price(input.Close, at, scale);
        // Equity at the previous close: nothing fills between it and this open.
        double equityBefore = 0;
        if (!ExactMoney) equityBefore = account.Cash + account.Shares * (k > 0 ? Price(input.Close, at - input.Stride, scale) : close);
        // High and low only matter to stops and targets: without them those rows are not read at all.
        bool protective = settings.Protective;
        account.Advance(
            k, Price(input.Open, at, scale), protective ? Price(input.High, at, scale) : close, protective ? Price(input.Low, at, scale) : close,
            close, signals, settings);

        // Back to the account walk, in the panel's units: shares per stored price unit, f32 cash relative to the capital.
        int lanes = TL.Count;
        change[0] = T.CreateTruncating(ExactMoney ? account.Cash : account.Cash - settings.Parameters.Capital);
        change[lanes] = T.CreateTruncating(account.Shares / scale);
        if (!ExactMoney)
        {
            double equity = account.Cash + account.Shares * close;
            change[2 * lanes] = T.CreateTruncating(equityBefore > 0 ? equity / equityBefore - 1 : 0);
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
        bool isLong = account.Shares > 0;
        double tolerance = account.ProtectiveTolerance;
        bool lowLevel = isLong ? settings.UseStop : settings.UseTarget, highLevel = isLong ? settings.UseTarget : settings.UseStop;
        double below = isLong ? account.Stop : account.Target, above = isLong ? account.Target : account.Stop;
        return (
            lowLevel ? T.CreateTruncating(KernelSettings.StopScreen(below, tolerance) * scale) : T.NegativeInfinity,
            highLevel ? T.CreateTruncating(KernelSettings.TargetScreen(above, tolerance) * scale) : T.PositiveInfinity);
    }
}
