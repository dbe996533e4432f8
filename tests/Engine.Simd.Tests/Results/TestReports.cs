using Backtest.Data;
using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Results;
using Backtest.Simulation;
using Backtest.Strategy;

namespace Backtest.Tests.Results;

/// <summary>Hand-made series, results and reports for the result tests.</summary>
internal static class TestReports
{
    /// <summary>2024-01-02T14:30:00Z.</summary>
    public const long T0 = 1_704_205_800_000;

    public const long Minute = 60_000;

    /// <summary>Minute bars from <see cref="T0"/>, close 100 + k.</summary>
    public static BarSeries Series(string symbol, int bars)
    {
        var times = new long[bars];
        var close = new double[bars];
        for (int k = 0; k < bars; k++)
        {
            times[k] = T0 + (k * Minute);
            close[k] = 100 + k;
        }
        return new BarSeries(symbol, times, close, close, close, close, new double[bars]);
    }

    public static SymbolResult Flat(string symbol, int bars, double capital = 100_000) => new(
        symbol,
        bars,
        new SymbolMetrics { FinalValue = capital, PeriodsPerYear = 98_280 },
        []);

    public static SymbolResult WithReturn(string symbol, int bars, double totalReturnPct, int trades = 0, double sharpe = 0) => new(
        symbol,
        bars,
        new SymbolMetrics
        {
            FinalValue = 100_000 * (1 + (totalReturnPct / 100)),
            TotalReturn = 1000 * totalReturnPct,
            TotalReturnPct = totalReturnPct,
            Trades = trades,
            SharpeRatio = sharpe,
        },
        []);

    public static RunReport Report(IReadOnlyList<SymbolReport> symbols, IReadOnlyList<SkippedSymbol>? skipped = null, LoadAccount? load = null) => new()
    {
        Run = new RunInfo
        {
            Engine = "reference",
            Precision = Precision.F64,
            Parameters = StrategyParameters.Default,
            Strategy = S3Strategy.Instance(),
            Symbols = symbols.Count,
            Bars = symbols.Sum(s => (long)s.Bars),
            ElapsedMs = 2.5,
            BarsPerSecond = 1200,
            Data = "/data/bars",
            WindowStart = UnixTime.ToDateTimeOffset(T0),
            WindowEnd = UnixTime.ToDateTimeOffset(T0 + (9 * Minute)),
        },
        Symbols = symbols,
        Summary = RunSummary.From(symbols),
        Skipped = skipped ?? [],
        Load = load ?? LoadAccount.None,
    };

    /// <summary>
    /// One symbol "AAA" of 10 bars with one trade bought at bar 2 (14:32) and sold at bar 7 (14:37), and
    /// metrics picked to test number formatting: 0.1 + 0.2, 1e-300 and 123456789.123456789.
    /// </summary>
    public static RunReport OneTrade()
    {
        var series = Series("AAA", 10);
        var trade = new Trade(2, 7, 102.5, 107.25, 40, 188.0, 4.585365853658536, ExitReason.TakeProfit);
        var metrics = new SymbolMetrics
        {
            FinalValue = 0.1 + 0.2,
            TotalReturn = 1e-300,
            TotalReturnPct = 123456789.123456789,
            Trades = 1,
            WinningTrades = 1,
            LosingTrades = 0,
            WinRate = 100,
            AvgTradeReturnPct = 4.585365853658536,
            BestTradePct = 4.585365853658536,
            WorstTradePct = 4.585365853658536,
            ProfitFactor = null,
            SharpeRatio = 1.25,
            SortinoRatio = 2.5,
            MaxDrawdown = 12.75,
            MaxDrawdownPct = 0.0125,
            ExposurePct = 50,
            BuyHoldReturnPct = 3.5,
            CagrPct = null,
            VolatilityAnnPct = 20.5,
            CalmarRatio = null,
            MaxDrawdownBars = 3,
            Sqn = null,
            AvgTradePnl = 188,
            AvgTradeBars = 5,
            MaxTradeBars = 5,
            LongTrades = 1,
            ShortTrades = 0,
            PeriodsPerYear = 98_280,
        };
        var symbols = new[] { new SymbolReport(series, new SymbolResult("AAA", 10, metrics, [trade])) };
        return Report(symbols, [new SkippedSymbol("BBB", "too few bars for the warm-up: 37 bars, at least 51 needed")]);
    }
}
