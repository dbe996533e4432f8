using Backtest.Data;
using Backtest.Engines;
using Backtest.Panel;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Tests.Support;

/// <summary>
/// A test's s3 run: s3's values (strategies.md §8) typed, so that a case reads <c>new() { SmaFast = 3 }</c> or
/// <c>s with { Threshold = 4 }</c>, and the execution settings beside them. Defaults are the s3 file's.
/// </summary>
public sealed record S3Settings
{
    private static double FileDefault(string name) => S3Strategy.Definition.Parameter(name)!.Default;

    public int SmaFast { get; init; } = (int)FileDefault("sma_fast");
    public int SmaSlow { get; init; } = (int)FileDefault("sma_slow");
    public int RsiPeriod { get; init; } = (int)FileDefault("rsi_period");
    public double RsiLow { get; init; } = FileDefault("rsi_low");
    public double RsiHigh { get; init; } = FileDefault("rsi_high");
    public int BbPeriod { get; init; } = (int)FileDefault("bb_period");
    public double BbK { get; init; } = FileDefault("bb_k");
    public int MacdFast { get; init; } = (int)FileDefault("macd_fast");
    public int MacdSlow { get; init; } = (int)FileDefault("macd_slow");
    public int MacdSignal { get; init; } = (int)FileDefault("macd_signal");
    public int WTrend { get; init; } = (int)FileDefault("w_trend");
    public int WRsi { get; init; } = (int)FileDefault("w_rsi");
    public int WBb { get; init; } = (int)FileDefault("w_bb");
    public int WMacd { get; init; } = (int)FileDefault("w_macd");
    public double Threshold { get; init; } = FileDefault("threshold");

    /// <summary>The execution settings (semantics §4).</summary>
    public StrategyParameters Execution { get; init; } = StrategyParameters.Default;

    public static S3Settings Default { get; } = new();

    /// <summary>s3's values by parameter name.</summary>
    public IReadOnlyDictionary<string, double> Values => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["sma_fast"] = SmaFast, ["sma_slow"] = SmaSlow, ["rsi_period"] = RsiPeriod, ["rsi_low"] = RsiLow, ["rsi_high"] = RsiHigh,
        ["bb_period"] = BbPeriod, ["bb_k"] = BbK, ["macd_fast"] = MacdFast, ["macd_slow"] = MacdSlow, ["macd_signal"] = MacdSignal,
        ["w_trend"] = WTrend, ["w_rsi"] = WRsi, ["w_bb"] = WBb, ["w_macd"] = WMacd, ["threshold"] = Threshold,
    };

    /// <summary>s3 with these values (its graph built).</summary>
    public StrategyInstance Instance => S3Strategy.Instance(Values);

    /// <summary>W, the first decision bar (strategies.md §3), as a bar index.</summary>
    public int WarmupBars => Instance.Graph.FirstDecisionBarIndex;

    /// <summary>The fewest bars with which s3 can take a decision.</summary>
    public long MinimumBars => Instance.Graph.MinimumBars;
}

/// <summary>Engine runs of s3 with a test's <see cref="S3Settings"/>.</summary>
public static class S3Runs
{
    public static IReadOnlyList<SymbolResult> Run(
        this IBacktestEngine engine, IReadOnlyList<BarSeries> series, S3Settings s3, Precision precision, CancellationToken cancellationToken = default) =>
        engine.Run(series, s3.Instance, s3.Execution, precision, cancellationToken);

    public static IReadOnlyList<SymbolResult> Run(this IPanelEngine engine, BarPanel panel, S3Settings s3, CancellationToken cancellationToken = default) =>
        engine.Run(panel, s3.Instance, s3.Execution, cancellationToken);

    /// <summary>One symbol in the reference engine.</summary>
    public static SymbolResult RunSymbol(BarSeries bars, S3Settings s3) => ReferenceEngine.RunSymbol(bars, s3.Instance.Graph, s3.Execution);
}
