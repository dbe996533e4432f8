// host_harness.cpp: backtest.metal built as a C++ shared library, for the metal-emulated engine and the tests.
//
// Build (the engine does this at first use, into a cache keyed by a hash of these sources):
//   g++ -std=c++17 -O2 -shared -fPIC -ffp-contract=off -include metal_shim.h host_harness.cpp -o harness.so
//
// bt_run_chunk runs the kernel for every thread id of a slice of the dispatch grid, the way the GPU runs a
// threadgroup: the grid is rounded up to whole threadgroups and the kernel's own guard drops the ids past
// the thread count. The host calls it once per time chunk (slices in parallel), exactly as the Metal
// plugin encodes one command buffer per chunk, so the same chunking and state carrying is what is tested.

#include "backtest.metal"

#undef kernel
#undef device
#undef thread
#undef constant
#undef buffer
#undef thread_position_in_grid

#include <type_traits>

#if defined(_WIN32)
#define BT_EXPORT extern "C" __declspec(dllexport)
#else
#define BT_EXPORT extern "C" __attribute__((visibility("default")))
#endif

// The shared structs must hold 4-byte scalars only, so that MSL lays them out as C++ does.
template <typename T>
constexpr bool shared_layout = std::is_standard_layout<T>::value && std::is_trivially_copyable<T>::value && alignof(T) == 4 && sizeof(T) % 4 == 0;
static_assert(shared_layout<DoubleFloat> && sizeof(DoubleFloat) == 8, "DoubleFloat is two floats");
static_assert(shared_layout<ChunkArgs>, "ChunkArgs must be plain 4-byte scalars");
static_assert(shared_layout<KernelParams>, "KernelParams must be plain 4-byte scalars");
static_assert(shared_layout<KernelThreadState>, "KernelThreadState must be plain 4-byte scalars");
static_assert(shared_layout<TradeRecord>, "TradeRecord must be plain 4-byte scalars");
static_assert(shared_layout<LaneInfo>, "LaneInfo must be plain 4-byte scalars");
static_assert(sizeof(ChunkArgs) < 4096, "ChunkArgs goes through setBytes, which takes under 4 KB");

BT_EXPORT void bt_run_chunk(const ChunkArgs* args, const KernelParams* parameterSets, const float* open, const float* high, const float* low,
                            const float* close, KernelThreadState* states, TradeRecord* trades, const uint* threadMap, const LaneInfo* lanes,
                            uint gridBegin, uint gridEnd)
{
    for (uint id = gridBegin; id < gridEnd; id++)
        backtest_chunk(*args, parameterSets, open, high, low, close, states, trades, threadMap, lanes, id);
}

BT_EXPORT void bt_struct_sizes(uint* sizes)
{
    struct_sizes(sizes, 0);
}

struct FieldEntry
{
    const char* type;
    const char* field;
    int offset;
    int size;
};

#define BT_FIELD(type, field) {#type, #field, int(offsetof(type, field)), int(sizeof(type::field))}

static const FieldEntry kFields[] = {
    BT_FIELD(ChunkArgs, threads),
    BT_FIELD(ChunkArgs, symbols),
    BT_FIELD(ChunkArgs, stride),
    BT_FIELD(ChunkArgs, firstBar),
    BT_FIELD(ChunkArgs, endBar),
    BT_FIELD(ChunkArgs, tradeCapacity),
    BT_FIELD(ChunkArgs, mapped),
    BT_FIELD(ChunkArgs, parameterSets),

    BT_FIELD(KernelParams, warmup),
    BT_FIELD(KernelParams, smaFast),
    BT_FIELD(KernelParams, smaSlow),
    BT_FIELD(KernelParams, bbPeriod),
    BT_FIELD(KernelParams, rsiPeriod),
    BT_FIELD(KernelParams, macdFast),
    BT_FIELD(KernelParams, macdSlow),
    BT_FIELD(KernelParams, macdSignal),
    BT_FIELD(KernelParams, invFast),
    BT_FIELD(KernelParams, negInvSlow),
    BT_FIELD(KernelParams, invBands),
    BT_FIELD(KernelParams, keepFast),
    BT_FIELD(KernelParams, keepSlow),
    BT_FIELD(KernelParams, alphaSignal),
    BT_FIELD(KernelParams, invRsi),
    BT_FIELD(KernelParams, rsiLowBound),
    BT_FIELD(KernelParams, rsiLowGainWeight),
    BT_FIELD(KernelParams, rsiHighGainWeight),
    BT_FIELD(KernelParams, negRsiHighBound),
    BT_FIELD(KernelParams, priceEpsilon),
    BT_FIELD(KernelParams, bandWidth),
    BT_FIELD(KernelParams, wTrend),
    BT_FIELD(KernelParams, wRsi),
    BT_FIELD(KernelParams, wBb),
    BT_FIELD(KernelParams, wMacd),
    BT_FIELD(KernelParams, flatRsiPoints),
    BT_FIELD(KernelParams, entryMinScore),
    BT_FIELD(KernelParams, exitMaxScore),
    BT_FIELD(KernelParams, maxHoldBars),
    BT_FIELD(KernelParams, fillAtClose),
    BT_FIELD(KernelParams, useStop),
    BT_FIELD(KernelParams, useTarget),
    BT_FIELD(KernelParams, useTime),
    BT_FIELD(KernelParams, flatRsiScores),
    BT_FIELD(KernelParams, positionSize),
    BT_FIELD(KernelParams, feeFixed),
    BT_FIELD(KernelParams, feeRate),
    BT_FIELD(KernelParams, buyFactor),
    BT_FIELD(KernelParams, sellFactor),
    BT_FIELD(KernelParams, sizingDivisor),
    BT_FIELD(KernelParams, sizingEpsilon),
    BT_FIELD(KernelParams, stopFactor),
    BT_FIELD(KernelParams, targetFactor),
    BT_FIELD(KernelParams, jumpLimit),
    BT_FIELD(KernelParams, longestWindow),

    BT_FIELD(KernelThreadState, nextBar),
    BT_FIELD(KernelThreadState, lastBar),
    BT_FIELD(KernelThreadState, sumFast),
    BT_FIELD(KernelThreadState, sumSlow),
    BT_FIELD(KernelThreadState, sumBands),
    BT_FIELD(KernelThreadState, sumBandSquares),
    BT_FIELD(KernelThreadState, fastOffset),
    BT_FIELD(KernelThreadState, slowOffset),
    BT_FIELD(KernelThreadState, macd),
    BT_FIELD(KernelThreadState, signal),
    BT_FIELD(KernelThreadState, avgGain),
    BT_FIELD(KernelThreadState, avgLoss),
    BT_FIELD(KernelThreadState, unchanged),
    BT_FIELD(KernelThreadState, cash),
    BT_FIELD(KernelThreadState, shares),
    BT_FIELD(KernelThreadState, entryPrice),
    BT_FIELD(KernelThreadState, entryFee),
    BT_FIELD(KernelThreadState, stop),
    BT_FIELD(KernelThreadState, target),
    BT_FIELD(KernelThreadState, entryBar),
    BT_FIELD(KernelThreadState, entryDecisionBar),
    BT_FIELD(KernelThreadState, pending),
    BT_FIELD(KernelThreadState, pendingReason),
    BT_FIELD(KernelThreadState, pendingBudget),
    BT_FIELD(KernelThreadState, pendingDecisionBar),
    BT_FIELD(KernelThreadState, equityBefore),
    BT_FIELD(KernelThreadState, peak),
    BT_FIELD(KernelThreadState, maxDrawdown),
    BT_FIELD(KernelThreadState, maxDrawdownRatio),
    BT_FIELD(KernelThreadState, barsInMarket),
    BT_FIELD(KernelThreadState, sumReturns),
    BT_FIELD(KernelThreadState, sumSquares),
    BT_FIELD(KernelThreadState, sumDownside),
    BT_FIELD(KernelThreadState, trades),
    BT_FIELD(KernelThreadState, rebaseUntil),
    BT_FIELD(KernelThreadState, unaffordableEntries),

    BT_FIELD(TradeRecord, entryBar),
    BT_FIELD(TradeRecord, exitBar),
    BT_FIELD(TradeRecord, entryPrice),
    BT_FIELD(TradeRecord, exitPrice),
    BT_FIELD(TradeRecord, shares),
    BT_FIELD(TradeRecord, pnl),
    BT_FIELD(TradeRecord, reason),

    BT_FIELD(LaneInfo, priceScale),
    BT_FIELD(LaneInfo, tieEpsilon),
    BT_FIELD(LaneInfo, protectiveEpsilon),
    BT_FIELD(LaneInfo, reserved),
};

/// Fields of the shared structs, for the host's layout test: count, then one entry at a time.
BT_EXPORT int bt_field_count()
{
    return int(sizeof(kFields) / sizeof(kFields[0]));
}

BT_EXPORT int bt_field(int i, const char** type, const char** field, int* offset, int* size)
{
    if (i < 0 || i >= bt_field_count()) return 0;
    *type = kFields[i].type;
    *field = kFields[i].field;
    *offset = kFields[i].offset;
    *size = kFields[i].size;
    return 1;
}
