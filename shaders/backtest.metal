// backtest.metal: the S3 backtest of spec §2-§5 as one Metal compute kernel, in f32.
//
// One thread per (parameter set, symbol): thread t runs symbol t % symbols with parameter set t / symbols,
// looping over time and reading the bar-major panel (element [k, s] at k * stride + s), so the threads of a
// SIMD group read neighbouring addresses. The loop over time is cut into chunks, one dispatch each; a
// thread's whole state lives in `states` between chunks, so results do not depend on the chunk length.
//
// The arithmetic mirrors the SIMD engine's f32 kernel (src/Engine.Simd/Fused/FusedKernel.cs) operation for
// operation: window sums of deviations from the current close recomputed every 512 bars, MACD EMAs held as
// offsets from the close, Wilder's averages, flat-window detection, integer scores, the same f32 constants
// and the same fused multiply-adds. Its accounts (LaneAccount.cs) run in f64 there; MSL has no double, so
// here money is a double-float (an unevaluated sum hi + lo of two floats, about 48 bits): cash, fills,
// fees, pnl, equity, drawdowns and the return sums. That keeps sizing floors and final values as exact as
// the f64 account for any realistic capital, where plain f32 cash (an ulp of 0.008 at 100,000) would not.
// Double-float arithmetic needs every float operation rounded once: compile in safe math mode, without
// contraction; the C++ build of the same file (metal_shim.h) uses -ffp-contract=off.
//
// The structs below are shared with the host (src/Engine.Metal/Host/*.cs) field for field. They hold only
// 4-byte scalars, so their layout is the same in MSL and C++ (no float2/float3 alignment surprises);
// host_harness.cpp exports every offset and the tests compare them with the C# structs.

#ifdef __METAL_VERSION__
#include <metal_stdlib>
using namespace metal;
#if __METAL_VERSION__ >= 320
#pragma METAL fp math_mode(safe)
#pragma METAL fp contract(off)
#endif
#endif

// ---------------------------------------------------------------------------------------------------------
// Shared structs

/// A double-float: the value hi + lo with |lo| <= ulp(hi) / 2.
struct DoubleFloat
{
    float hi;
    float lo;
};

/// What one dispatch (one time chunk) needs: set with setBytes at index 0.
struct ChunkArgs
{
    uint threads;        // threads that do work; the grid is rounded up past it
    uint symbols;        // lanes of the panel
    uint stride;         // elements from one panel row to the next
    uint firstBar;       // this chunk covers bars [firstBar, endBar)
    uint endBar;
    uint tradeCapacity;  // trade slots per thread
    uint mapped;         // 1: thread id reads its (set, symbol) index from threadMap
    uint parameterSets;
};

/// One parameter set in the form the kernel compares against (host: KernelParams.From).
struct KernelParams
{
    int warmup;
    int smaFast;
    int smaSlow;
    int bbPeriod;
    int rsiPeriod;
    int macdFast;
    int macdSlow;
    int macdSignal;

    // f32 indicator constants, derived in f64 and rounded once, as KernelConstants.From does.
    float invFast;
    float negInvSlow;
    float invBands;
    float keepFast;
    float keepSlow;
    float alphaSignal;
    float invRsi;
    float rsiLowBound;
    float rsiLowGainWeight;
    float rsiHighGainWeight;
    float negRsiHighBound;
    float priceEpsilon;
    float bandWidth;

    // Integer score points and the bounds "score > threshold" and "score < -threshold" become.
    int wTrend;
    int wRsi;
    int wBb;
    int wMacd;
    int flatRsiPoints;
    int entryMinScore;
    int exitMaxScore;
    int maxHoldBars;

    uint fillAtClose;
    uint useStop;
    uint useTarget;
    uint useTime;
    uint flatRsiScores;

    // Money, as double-floats of the f64 values.
    DoubleFloat positionSize;
    DoubleFloat feeFixed;
    DoubleFloat feeRate;          // fee_bps / 10,000
    DoubleFloat buyFactor;        // 1 + slippage_bps / 10,000
    DoubleFloat sellFactor;       // 1 - slippage_bps / 10,000
    DoubleFloat sizingDivisor;    // 1 + fee_bps / 10,000
    DoubleFloat sizingEpsilon;    // 1e-9
    DoubleFloat stopFactor;       // 1 - stop_loss_pct / 100
    DoubleFloat targetFactor;     // 1 + take_profit_pct / 100

    // A close moving by more than jumpLimit of the lower close is a jump: the window sums are then recomputed
    // from the window at every bar until longestWindow bars after it (KernelSettings.JumpLimit).
    float jumpLimit;
    int longestWindow;
};

/// What differs by symbol (host: LaneInfo.For), set at index 9. The panel stores prices times a power of
/// ten that makes them exact in f32 (cents: 123.45 as 12345); money divides it out. Where no such power
/// exists the prices carry f32 rounding, and the tie and protective tolerances are wider (KernelSettings).
struct LaneInfo
{
    float priceScale;         // stored price = price x priceScale
    float tieEpsilon;         // ε of price-level comparisons, relative to the close
    float protectiveEpsilon;  // relative tolerance of "a price reaches the stop / target"
    float reserved;
};

/// Everything a thread carries from one chunk to the next, and its results at the end.
struct KernelThreadState
{
    int nextBar;  // the next bar to run
    int lastBar;  // the symbol's last bar

    // Window sums of deviations from the current close; recursive indicators.
    float sumFast;
    float sumSlow;
    float sumBands;
    float sumBandSquares;
    float fastOffset;
    float slowOffset;
    float macd;
    float signal;
    float avgGain;
    float avgLoss;
    uint unchanged;

    // The account.
    DoubleFloat cash;
    DoubleFloat shares;
    DoubleFloat entryPrice;
    DoubleFloat entryFee;
    DoubleFloat stop;
    DoubleFloat target;
    int entryBar;
    int entryDecisionBar;
    uint pending;        // PendingOrder: 0 none, 1 buy, 2 sell
    uint pendingReason;  // ExitReason of a pending sell
    DoubleFloat pendingBudget;
    int pendingDecisionBar;

    // Equity and the metric accumulators.
    DoubleFloat equityBefore;
    DoubleFloat peak;
    DoubleFloat maxDrawdown;
    float maxDrawdownRatio;  // max of (peak - equity) / peak
    uint barsInMarket;
    DoubleFloat sumReturns;
    DoubleFloat sumSquares;
    DoubleFloat sumDownside;

    uint trades;  // closed trades; more than tradeCapacity means the slots overflowed
    int rebaseUntil;  // the last bar whose window sums are recomputed after a jump; -1 when none is due
    uint unaffordableEntries;  // entry orders dropped because the budget could not buy one share
};

/// One closed trade (spec §5); return_pct is derived by the host.
struct TradeRecord
{
    int entryBar;
    int exitBar;
    DoubleFloat entryPrice;
    DoubleFloat exitPrice;
    DoubleFloat shares;
    DoubleFloat pnl;
    uint reason;  // ExitReason: 0 signal, 1 stop_loss, 2 take_profit, 3 time, 4 end
};

constant int kBlockBars = 512;

constant uint kPendingNone = 0;
constant uint kPendingBuy = 1;
constant uint kPendingSell = 2;

constant uint kSignal = 0;
constant uint kStopLoss = 1;
constant uint kTakeProfit = 2;
constant uint kTime = 3;
constant uint kEnd = 4;

// ---------------------------------------------------------------------------------------------------------
// Double-float arithmetic (Dekker, Knuth; the QD library's "sloppy-free" add). Correct only when every float
// operation rounds to nearest once: no reassociation, no contraction.

inline DoubleFloat df(float a)
{
    return DoubleFloat{a, 0.0f};
}

inline DoubleFloat two_sum(float a, float b)
{
    float s = a + b;
    float bb = s - a;
    float e = (a - (s - bb)) + (b - bb);
    return DoubleFloat{s, e};
}

/// Requires |a| >= |b| (or a == 0).
inline DoubleFloat quick_two_sum(float a, float b)
{
    float s = a + b;
    float e = b - (s - a);
    return DoubleFloat{s, e};
}

inline DoubleFloat two_prod(float a, float b)
{
    float p = a * b;
    float e = fma(a, b, -p);
    return DoubleFloat{p, e};
}

inline DoubleFloat df_add(DoubleFloat a, DoubleFloat b)
{
    DoubleFloat s = two_sum(a.hi, b.hi);
    DoubleFloat t = two_sum(a.lo, b.lo);
    s.lo += t.hi;
    s = quick_two_sum(s.hi, s.lo);
    s.lo += t.lo;
    return quick_two_sum(s.hi, s.lo);
}

inline DoubleFloat df_neg(DoubleFloat a)
{
    return DoubleFloat{-a.hi, -a.lo};
}

inline DoubleFloat df_sub(DoubleFloat a, DoubleFloat b)
{
    return df_add(a, df_neg(b));
}

inline DoubleFloat df_mul(DoubleFloat a, DoubleFloat b)
{
    DoubleFloat p = two_prod(a.hi, b.hi);
    p.lo = fma(a.hi, b.lo, fma(a.lo, b.hi, p.lo));
    return quick_two_sum(p.hi, p.lo);
}

inline DoubleFloat df_mul_f(DoubleFloat a, float b)
{
    DoubleFloat p = two_prod(a.hi, b);
    p.lo = fma(a.lo, b, p.lo);
    return quick_two_sum(p.hi, p.lo);
}

/// a / b with two correction steps: exact to double-float precision even where a float division is off by
/// a few ulps (fast-math or approximate reciprocal hardware).
inline DoubleFloat df_div(DoubleFloat a, DoubleFloat b)
{
    float q1 = a.hi / b.hi;
    DoubleFloat r = df_sub(a, df_mul_f(b, q1));
    float q2 = r.hi / b.hi;
    r = df_sub(r, df_mul_f(b, q2));
    float q3 = r.hi / b.hi;
    DoubleFloat q = quick_two_sum(q1, q2);
    return df_add(q, df(q3));
}

inline DoubleFloat df_floor(DoubleFloat a)
{
    float hi = floor(a.hi);
    if (hi != a.hi) return df(hi);  // |lo| < the distance from hi to the next whole number
    return quick_two_sum(hi, floor(a.lo));
}

inline bool df_less_equal(DoubleFloat a, DoubleFloat b)
{
    return a.hi < b.hi || (a.hi == b.hi && a.lo <= b.lo);
}

inline bool df_greater(DoubleFloat a, DoubleFloat b)
{
    return a.hi > b.hi || (a.hi == b.hi && a.lo > b.lo);
}

inline bool df_positive(DoubleFloat a)
{
    return a.hi > 0.0f;
}

inline float df_to_float(DoubleFloat a)
{
    return a.hi + a.lo;
}

// ---------------------------------------------------------------------------------------------------------
// Indicators (spec §2), exactly as FusedKernel computes them in f32.

inline float close_at(device const float* close, uint stride, uint symbol, int k)
{
    return close[uint(k) * stride + symbol];
}

/// Σ (x[j] − x[n−1]) for j in [0, n).
inline float offset_sum(device const float* close, uint stride, uint symbol, int n)
{
    float last = close_at(close, stride, symbol, n - 1);
    float sum = 0.0f;
    for (int j = 0; j < n; j++) sum = sum + (close_at(close, stride, symbol, j) - last);
    return sum;
}

/// The recursive indicators as of bar W: MACD EMA offsets and signal, Wilder's averages, unchanged closes.
inline void seed_indicators(thread KernelThreadState& s, device const KernelParams& p, device const float* close, uint stride, uint symbol)
{
    int w = p.warmup, fast = p.macdFast, slow = p.macdSlow, g = p.macdSignal, n = p.rsiPeriod;
    float fastOffset = precise::divide(offset_sum(close, stride, symbol, fast), float(fast));
    for (int k = fast; k < slow; k++)
    {
        float d = close_at(close, stride, symbol, k) - close_at(close, stride, symbol, k - 1);
        fastOffset = (fastOffset - d) * p.keepFast;
    }
    float slowOffset = precise::divide(offset_sum(close, stride, symbol, slow), float(slow));

    float macdSum = fastOffset - slowOffset;
    for (int k = slow; k <= slow + g - 2; k++)
    {
        float d = close_at(close, stride, symbol, k) - close_at(close, stride, symbol, k - 1);
        fastOffset = (fastOffset - d) * p.keepFast;
        slowOffset = (slowOffset - d) * p.keepSlow;
        macdSum = macdSum + (fastOffset - slowOffset);
    }
    float signal = precise::divide(macdSum, float(g));
    for (int k = slow + g - 1; k <= w; k++)
    {
        float d = close_at(close, stride, symbol, k) - close_at(close, stride, symbol, k - 1);
        fastOffset = (fastOffset - d) * p.keepFast;
        slowOffset = (slowOffset - d) * p.keepSlow;
        signal = fma((fastOffset - slowOffset) - signal, p.alphaSignal, signal);
    }

    float gains = 0.0f, losses = 0.0f;
    for (int k = 1; k <= n; k++)
    {
        float d = close_at(close, stride, symbol, k) - close_at(close, stride, symbol, k - 1);
        float gain = max(d, 0.0f);
        gains = gains + gain;
        losses = losses + (gain - d);
    }
    float avgGain = precise::divide(gains, float(n)), avgLoss = precise::divide(losses, float(n));
    for (int k = n + 1; k <= w; k++)
    {
        float d = close_at(close, stride, symbol, k) - close_at(close, stride, symbol, k - 1);
        float gain = max(d, 0.0f);
        avgGain = fma(gain - avgGain, p.invRsi, avgGain);
        avgLoss = fma((gain - d) - avgLoss, p.invRsi, avgLoss);
    }

    uint unchanged = 0;
    for (int k = 1; k <= w; k++)
    {
        float d = close_at(close, stride, symbol, k) - close_at(close, stride, symbol, k - 1);
        unchanged = d == 0.0f ? unchanged + 1 : 0;
    }

    s.fastOffset = fastOffset;
    s.slowOffset = slowOffset;
    s.macd = fastOffset - slowOffset;
    s.signal = signal;
    s.avgGain = avgGain;
    s.avgLoss = avgLoss;
    s.unchanged = unchanged;
}

/// The window sums at bar k, recomputed from the window: Σ (x − close[k]) and Σ (x − close[k])².
inline void recompute_window_sums(thread KernelThreadState& s, device const KernelParams& p, device const float* close, uint stride, uint symbol, int k)
{
    float anchor = close_at(close, stride, symbol, k);
    float sumFast = 0.0f, sumSlow = 0.0f, sumBands = 0.0f, sumBandSquares = 0.0f;
    for (int j = 0; j < p.smaFast; j++) sumFast = sumFast + (close_at(close, stride, symbol, k - j) - anchor);
    for (int j = 0; j < p.smaSlow; j++) sumSlow = sumSlow + (close_at(close, stride, symbol, k - j) - anchor);
    for (int j = 0; j < p.bbPeriod; j++) sumBands = sumBands + (close_at(close, stride, symbol, k - j) - anchor);
    for (int j = 0; j < p.bbPeriod; j++)
    {
        float d = close_at(close, stride, symbol, k - j) - anchor;
        sumBandSquares = fma(d, d, sumBandSquares);
    }
    s.sumFast = sumFast;
    s.sumSlow = sumSlow;
    s.sumBands = sumBands;
    s.sumBandSquares = sumBandSquares;
}

/// The S3 score at the close x of the bar the state is at (spec §3), in integer points.
inline int score_at(thread const KernelThreadState& s, device const KernelParams& p, float x, float tieEpsilon)
{
    float tie = x * tieEpsilon;

    // A flat slow window makes both SMAs the close exactly: equal, whatever the rounding of the sums.
    bool trendUp = fma(s.sumFast, p.invFast, s.sumSlow * p.negInvSlow) > tie && !(s.unchanged >= uint(p.smaSlow - 1));
    int score = trendUp ? p.wTrend : -p.wTrend;

    // RSI < L  <=>  L·AL − (100 − L)·AG > 0, without a division; likewise RSI > H.
    bool oversold = fma(s.avgLoss, p.rsiLowBound, s.avgGain * p.rsiLowGainWeight) > 0.0f;
    bool overbought = fma(s.avgGain, p.rsiHighGainWeight, s.avgLoss * p.negRsiHighBound) > 0.0f;
    int rsiPoints = oversold ? p.wRsi : (overbought ? -p.wRsi : 0);
    if (p.flatRsiScores != 0 && s.avgGain + s.avgLoss == 0.0f) rsiPoints = p.flatRsiPoints;
    score += rsiPoints;

    // The sums are of deviations from this close: mid − close is their mean, k·sd the half width.
    float midAbove = s.sumBands * p.invBands;
    float variance = max(s.sumBandSquares * p.invBands - midAbove * midAbove, 0.0f);
    float halfWidth = precise::sqrt(variance) * p.bandWidth;
    bool below = (midAbove - halfWidth) > tie;
    bool above = 0.0f > (midAbove + halfWidth) + tie;
    bool flatBands = s.unchanged >= uint(p.bbPeriod - 1);
    score += below && !flatBands ? p.wBb : (above && !flatBands ? -p.wBb : 0);

    bool macdUp = s.macd - s.signal > x * p.priceEpsilon;
    score += macdUp ? p.wMacd : -p.wMacd;
    return score;
}

/// A close moving from x to xNext by more than the jump limit of the lower one (KernelSettings.JumpLimit).
inline bool is_jump(device const KernelParams& p, float x, float xNext)
{
    return fabs(xNext - x) > min(x, xNext) * p.jumpLimit;
}

/// The last bar due for a recomputation of the window sums from the jumps of the longest window up to bar k.
inline int rebase_until_at(device const KernelParams& p, device const float* close, uint stride, uint symbol, int k)
{
    int until = -1;
    for (int j = max(1, k - p.longestWindow); j <= k; j++)
        if (is_jump(p, close_at(close, stride, symbol, j - 1), close_at(close, stride, symbol, j))) until = j + p.longestWindow;
    return until;
}

/// Moves the indicators from bar k (close x) to bar k + 1 (close xNext).
inline void advance_indicators(thread KernelThreadState& s, device const KernelParams& p, device const float* close, uint stride, uint symbol, int k, float x)
{
    int next = k + 1;
    float xNext = close_at(close, stride, symbol, next);
    float d = xNext - x;
    s.sumFast = (s.sumFast - float(p.smaFast) * d) - (close_at(close, stride, symbol, next - p.smaFast) - xNext);
    s.sumSlow = (s.sumSlow - float(p.smaSlow) * d) - (close_at(close, stride, symbol, next - p.smaSlow) - xNext);
    float leaving = close_at(close, stride, symbol, next - p.bbPeriod) - xNext;
    float shift = float(p.bbPeriod) * d;
    s.sumBandSquares = fma(d, shift - (s.sumBands + s.sumBands), s.sumBandSquares);
    s.sumBandSquares = s.sumBandSquares - leaving * leaving;
    s.sumBands = (s.sumBands - shift) - leaving;
    s.unchanged = d == 0.0f ? s.unchanged + 1 : 0;
    float gain = max(d, 0.0f);
    s.avgGain = fma(gain - s.avgGain, p.invRsi, s.avgGain);
    s.avgLoss = fma((gain - d) - s.avgLoss, p.invRsi, s.avgLoss);
    s.fastOffset = (s.fastOffset - d) * p.keepFast;
    s.slowOffset = (s.slowOffset - d) * p.keepSlow;
    s.macd = s.fastOffset - s.slowOffset;
    s.signal = fma(s.macd - s.signal, p.alphaSignal, s.signal);
    if (is_jump(p, x, xNext)) s.rebaseUntil = next + p.longestWindow;
}

// ---------------------------------------------------------------------------------------------------------
// The account (spec §4, §5), as LaneAccount.Advance plays a bar, in double-floats.

inline DoubleFloat fee_for(device const KernelParams& p, DoubleFloat notional)
{
    return df_add(p.feeFixed, df_mul(p.feeRate, notional));
}

inline void buy(thread KernelThreadState& s, device const KernelParams& p, int k, DoubleFloat price, DoubleFloat budget, int decisionBar)
{
    DoubleFloat bp = df_mul(price, p.buyFactor);
    DoubleFloat unrounded = df_div(df_sub(budget, p.feeFixed), df_mul(bp, p.sizingDivisor));
    DoubleFloat q = df_floor(df_add(unrounded, p.sizingEpsilon));
    if (!(q.hi >= 1.0f))
    {
        s.unaffordableEntries += 1;  // cannot afford one share: dropped without fee
        return;
    }
    DoubleFloat notional = df_mul(q, bp);
    DoubleFloat fee = fee_for(p, notional);
    s.cash = df_sub(s.cash, df_add(notional, fee));
    s.shares = q;
    s.entryPrice = bp;
    s.entryFee = fee;
    s.entryBar = k;
    s.entryDecisionBar = decisionBar;
    s.stop = df_mul(bp, p.stopFactor);
    s.target = df_mul(bp, p.targetFactor);
}

/// Sells the position at price (before slippage) and records the trade; slots past the capacity are counted, not written.
inline void sell(thread KernelThreadState& s, device const KernelParams& p, int k, DoubleFloat price, uint reason, device TradeRecord* slots, uint capacity)
{
    DoubleFloat sp = df_mul(price, p.sellFactor);
    DoubleFloat proceeds = df_mul(s.shares, sp);
    DoubleFloat fee = fee_for(p, proceeds);
    s.cash = df_add(s.cash, df_sub(proceeds, fee));
    DoubleFloat pnl = df_sub(df_sub(df_mul(s.shares, df_sub(sp, s.entryPrice)), s.entryFee), fee);
    if (s.trades < capacity)
    {
        TradeRecord t;
        t.entryBar = s.entryBar;
        t.exitBar = k;
        t.entryPrice = s.entryPrice;
        t.exitPrice = sp;
        t.shares = s.shares;
        t.pnl = pnl;
        t.reason = reason;
        slots[s.trades] = t;
    }
    s.trades += 1;
    s.shares = df(0.0f);
}

/// Bar k from its open to its close: a pending order fills at the open, then the protective exits, then the close decides.
inline void advance_account(thread KernelThreadState& s, device const KernelParams& p, int k, DoubleFloat open, DoubleFloat high, DoubleFloat low,
                            DoubleFloat close, int score, float protectiveEpsilon, device TradeRecord* slots, uint capacity)
{
    if (s.pending == kPendingBuy) buy(s, p, k, open, s.pendingBudget, s.pendingDecisionBar);
    else if (s.pending == kPendingSell) sell(s, p, k, open, s.pendingReason, slots, capacity);
    s.pending = kPendingNone;

    bool useStop = p.useStop != 0, useTarget = p.useTarget != 0;
    if (df_positive(s.shares) && k > s.entryDecisionBar && (useStop || useTarget))
    {
        bool boughtAtThisOpen = k == s.entryBar && p.fillAtClose == 0;
        DoubleFloat stopLevel = df_mul(s.stop, df_add(df(1.0f), df(protectiveEpsilon)));
        DoubleFloat targetLevel = df_mul(s.target, df_sub(df(1.0f), df(protectiveEpsilon)));
        if (!boughtAtThisOpen && useStop && df_less_equal(open, stopLevel)) sell(s, p, k, open, kStopLoss, slots, capacity);
        else if (!boughtAtThisOpen && useTarget && !df_greater(targetLevel, open)) sell(s, p, k, open, kTakeProfit, slots, capacity);
        else if (useStop && df_less_equal(low, stopLevel)) sell(s, p, k, s.stop, kStopLoss, slots, capacity);
        else if (useTarget && !df_greater(targetLevel, high)) sell(s, p, k, s.target, kTakeProfit, slots, capacity);
    }

    if (k == s.lastBar)
    {
        if (df_positive(s.shares)) sell(s, p, k, close, kEnd, slots, capacity);
        return;
    }

    if (df_positive(s.shares))
    {
        bool signal = score <= p.exitMaxScore;
        bool time = p.useTime != 0 && k - s.entryBar >= p.maxHoldBars;
        if (!signal && !time) return;
        uint reason = signal ? kSignal : kTime;
        if (p.fillAtClose != 0) sell(s, p, k, close, reason, slots, capacity);
        else
        {
            s.pending = kPendingSell;
            s.pendingReason = reason;
        }
    }
    else if (score >= p.entryMinScore && df_positive(s.cash))
    {
        DoubleFloat budget = df_mul(s.cash, p.positionSize);
        if (p.fillAtClose != 0) buy(s, p, k, close, budget, k);
        else
        {
            s.pending = kPendingBuy;
            s.pendingBudget = budget;
            s.pendingDecisionBar = k;
        }
    }
}

/// Equity after bar k's fills, its return, drawdowns and exposure (spec §5).
inline void account_metrics(thread KernelThreadState& s, DoubleFloat close)
{
    DoubleFloat equity = df_add(s.cash, df_mul(s.shares, close));
    float r = 0.0f;
    if (df_positive(s.equityBefore)) r = df_to_float(df_div(df_sub(equity, s.equityBefore), s.equityBefore));
    s.sumReturns = df_add(s.sumReturns, df(r));
    s.sumSquares = df_add(s.sumSquares, two_prod(r, r));
    float downside = min(r, 0.0f);
    s.sumDownside = df_add(s.sumDownside, two_prod(downside, downside));

    if (df_greater(equity, s.peak)) s.peak = equity;
    DoubleFloat drawdown = df_sub(s.peak, equity);
    if (df_greater(drawdown, s.maxDrawdown)) s.maxDrawdown = drawdown;
    if (df_positive(drawdown)) s.maxDrawdownRatio = max(s.maxDrawdownRatio, df_to_float(df_div(drawdown, s.peak)));

    if (df_positive(s.shares)) s.barsInMarket += 1;
    s.equityBefore = equity;
}

// ---------------------------------------------------------------------------------------------------------
// The kernel: one time chunk for every thread.

kernel void backtest_chunk(
    constant ChunkArgs& args [[buffer(0)]],
    device const KernelParams* parameterSets [[buffer(1)]],
    device const float* open [[buffer(2)]],
    device const float* high [[buffer(3)]],
    device const float* low [[buffer(4)]],
    device const float* close [[buffer(5)]],
    device KernelThreadState* states [[buffer(6)]],
    device TradeRecord* trades [[buffer(7)]],
    device const uint* threadMap [[buffer(8)]],
    device const LaneInfo* lanes [[buffer(9)]],
    uint id [[thread_position_in_grid]])
{
    if (id >= args.threads) return;
    uint index = args.mapped != 0 ? threadMap[id] : id;
    uint symbol = index % args.symbols;
    device const KernelParams& p = parameterSets[index / args.symbols];

    KernelThreadState s = states[id];
    int w = p.warmup;
    // A series of W + 1 bars or fewer never decides: its account stays as opened.
    if (s.lastBar <= w) return;
    int first = max(s.nextBar, int(args.firstBar));
    int last = min(s.lastBar, int(args.endBar) - 1);
    if (first > last) return;

    uint stride = args.stride;
    LaneInfo lane = lanes[symbol];
    DoubleFloat scale = df(lane.priceScale);
    device TradeRecord* slots = trades + id * args.tradeCapacity;
    for (int k = first; k <= last; k++)
    {
        uint at = uint(k) * stride + symbol;
        float x = close[at];
        if (k == w)
        {
            seed_indicators(s, p, close, stride, symbol);
            s.rebaseUntil = rebase_until_at(p, close, stride, symbol, k);
        }
        if ((k - w) % kBlockBars == 0 || k <= s.rebaseUntil) recompute_window_sums(s, p, close, stride, symbol, k);

        int score = score_at(s, p, x, lane.tieEpsilon);
        // Money in the data's units: the stored prices divided by the lane's scale.
        DoubleFloat closeMoney = df_div(df(x), scale);
        advance_account(s, p, k, df_div(df(open[at]), scale), df_div(df(high[at]), scale), df_div(df(low[at]), scale), closeMoney, score,
                        lane.protectiveEpsilon, slots, args.tradeCapacity);
        account_metrics(s, closeMoney);
        if (k < s.lastBar) advance_indicators(s, p, close, stride, symbol, k, x);
    }
    s.nextBar = last + 1;
    states[id] = s;
}

/// Writes sizeof of each shared struct, so the host can check its mirror of them before the first run.
kernel void struct_sizes(device uint* sizes [[buffer(0)]], uint id [[thread_position_in_grid]])
{
    if (id != 0) return;
    sizes[0] = uint(sizeof(ChunkArgs));
    sizes[1] = uint(sizeof(KernelParams));
    sizes[2] = uint(sizeof(KernelThreadState));
    sizes[3] = uint(sizeof(TradeRecord));
    sizes[4] = uint(sizeof(LaneInfo));
}
