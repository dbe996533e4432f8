using Backtest.Strategies.Language;
using Backtest.Strategies.Library;

namespace Backtest.Strategy;

/// <summary>
/// The built-in s3 file (strategies.md §8) with the S3 fields of <see cref="StrategyParameters"/> as its parameter
/// values. A bridge for the callers that still hold S3's parameters in that record (the grid of bt optimize, the
/// Metal kernel): they run the same strategy file as everyone else.
/// </summary>
public static class S3Strategy
{
    /// <summary>The s3 definition, parsed once from the embedded file.</summary>
    public static StrategyDefinition Definition { get; } = StrategyLibrary.Find(StrategyLibrary.DefaultName)!;

    /// <summary>s3's parameter values as the record holds them.</summary>
    public static Dictionary<string, double> Values(StrategyParameters p) => new(StringComparer.Ordinal)
    {
        ["sma_fast"] = p.SmaFast,
        ["sma_slow"] = p.SmaSlow,
        ["rsi_period"] = p.RsiPeriod,
        ["rsi_low"] = p.RsiLow,
        ["rsi_high"] = p.RsiHigh,
        ["bb_period"] = p.BbPeriod,
        ["bb_k"] = p.BbK,
        ["macd_fast"] = p.MacdFast,
        ["macd_slow"] = p.MacdSlow,
        ["macd_signal"] = p.MacdSignal,
        ["w_trend"] = p.WTrend,
        ["w_rsi"] = p.WRsi,
        ["w_bb"] = p.WBb,
        ["w_macd"] = p.WMacd,
        ["threshold"] = p.Threshold,
    };

    /// <summary>Whether <paramref name="strategy"/> is the built-in s3 file (byte for byte).</summary>
    public static bool Is(StrategyInstance strategy) => strategy.Definition.Sha256 == Definition.Sha256;

    /// <summary>
    /// <paramref name="execution"/> with s3's parameter values of <paramref name="strategy"/> in its S3 fields: the kernels
    /// written for S3 alone (Metal's, until it learns strategies) read them there.
    /// </summary>
    public static StrategyParameters Parameters(StrategyInstance strategy, StrategyParameters execution)
    {
        if (!Is(strategy)) throw new ArgumentException($"The strategy {strategy.Definition.Name} is not the built-in s3.", nameof(strategy));
        var v = strategy.ParameterValues;
        int I(string name) => checked((int)v[name]);
        return execution with
        {
            SmaFast = I("sma_fast"),
            SmaSlow = I("sma_slow"),
            RsiPeriod = I("rsi_period"),
            RsiLow = v["rsi_low"],
            RsiHigh = v["rsi_high"],
            BbPeriod = I("bb_period"),
            BbK = v["bb_k"],
            MacdFast = I("macd_fast"),
            MacdSlow = I("macd_slow"),
            MacdSignal = I("macd_signal"),
            WTrend = I("w_trend"),
            WRsi = I("w_rsi"),
            WBb = I("w_bb"),
            WMacd = I("w_macd"),
            Threshold = v["threshold"],
        };
    }

    /// <summary>s3 instantiated with the record's values; throws <see cref="StrategyException"/> when one is outside the file's ranges.</summary>
    public static StrategyInstance Instance(StrategyParameters p) => Definition.Instantiate(Values(p));
}
