using Backtest.Strategy;
using Backtest.Tests.Support;

namespace Backtest.Tests.Contract;

/// <summary>
/// The parameter sets every engine is run with: together they exercise both fills, slippage, fixed and
/// bps fees, every protective exit, the time exit, all-in sizing and unaffordable orders, short and long
/// periods, a fractional threshold, crossed RSI bounds, a zero band width and a given P.
/// </summary>
internal static class ContractCases
{
    public static readonly IReadOnlyDictionary<string, S3Settings> Parameters = new Dictionary<string, S3Settings>
    {
        ["defaults"] = S3Settings.Default,
        ["close-fill-stops-targets"] = new()
        {
            Execution = new() { Fill = FillMode.Close, StopLossPct = 0.5, TakeProfitPct = 0.8, SlippageBps = 2, FeeBps = 5, PositionSize = 0.5 },
        },
        ["next-open-protective-time"] = new()
        {
            Threshold = 4, Execution = new() { StopLossPct = 0.3, TakeProfitPct = 0.4, MaxHoldBars = 30, FeeFixed = 0 },
        },
        ["short-periods-all-in"] = new()
        {
            SmaFast = 3, SmaSlow = 7, RsiPeriod = 3, BbPeriod = 4, BbK = 1, MacdFast = 2, MacdSlow = 5, MacdSignal = 3, Threshold = 2,
            Execution = new() { PositionSize = 1, FeeFixed = 1, FeeBps = 10, StopLossPct = 1, MaxHoldBars = 12 },
        },
        ["low-threshold-crossed-rsi"] = new()
        {
            Threshold = 3, RsiLow = 60, RsiHigh = 40, BbK = 0, WBb = 0, WMacd = 5, Execution = new() { Fill = FillMode.Close },
        },
        ["time-exit-close-fill"] = new() { Threshold = 4, Execution = new() { Fill = FillMode.Close, MaxHoldBars = 5, SlippageBps = 10 } },
        ["small-capital"] = new() { Threshold = 4, Execution = new() { Capital = 500, PositionSize = 0.3, FeeFixed = 2, TakeProfitPct = 0.5 } },
        ["long-periods"] = new()
        {
            SmaFast = 30, SmaSlow = 200, RsiPeriod = 50, BbPeriod = 100, BbK = 2.5, MacdFast = 20, MacdSlow = 80, MacdSignal = 30, Threshold = 3,
            Execution = new() { PeriodsPerYear = 252 },
        },
    };

    public static IEnumerable<string> Names => Parameters.Keys;

    /// <summary>Symbol counts that are not multiples of any vector width.</summary>
    public static readonly int[] SymbolCounts = [1, 7, 17, 1001];
}
