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

    /// <summary>Each s3 parameter and its field of the record, the one list of the pairs both directions read.</summary>
    private static readonly (string Name, Func<StrategyParameters, double> Get, Func<StrategyParameters, double, StrategyParameters> Set)[] Fields =
    [
        ("sma_fast", p => p.SmaFast, (p, v) => p with { SmaFast = checked((int)v) }),
        ("sma_slow", p => p.SmaSlow, (p, v) => p with { SmaSlow = checked((int)v) }),
        ("rsi_period", p => p.RsiPeriod, (p, v) => p with { RsiPeriod = checked((int)v) }),
        ("rsi_low", p => p.RsiLow, (p, v) => p with { RsiLow = v }),
        ("rsi_high", p => p.RsiHigh, (p, v) => p with { RsiHigh = v }),
        ("bb_period", p => p.BbPeriod, (p, v) => p with { BbPeriod = checked((int)v) }),
        ("bb_k", p => p.BbK, (p, v) => p with { BbK = v }),
        ("macd_fast", p => p.MacdFast, (p, v) => p with { MacdFast = checked((int)v) }),
        ("macd_slow", p => p.MacdSlow, (p, v) => p with { MacdSlow = checked((int)v) }),
        ("macd_signal", p => p.MacdSignal, (p, v) => p with { MacdSignal = checked((int)v) }),
        ("w_trend", p => p.WTrend, (p, v) => p with { WTrend = checked((int)v) }),
        ("w_rsi", p => p.WRsi, (p, v) => p with { WRsi = checked((int)v) }),
        ("w_bb", p => p.WBb, (p, v) => p with { WBb = checked((int)v) }),
        ("w_macd", p => p.WMacd, (p, v) => p with { WMacd = checked((int)v) }),
        ("threshold", p => p.Threshold, (p, v) => p with { Threshold = v }),
    ];

    /// <summary>s3's parameter values as the record holds them.</summary>
    public static Dictionary<string, double> Values(StrategyParameters p) =>
        Fields.ToDictionary(f => f.Name, f => f.Get(p), StringComparer.Ordinal);

    /// <summary>Whether <paramref name="strategy"/> is the built-in s3 file (byte for byte).</summary>
    public static bool Is(StrategyInstance strategy) => Is(strategy.Definition);

    /// <summary>Whether <paramref name="strategy"/> is the built-in s3 file (byte for byte).</summary>
    public static bool Is(StrategyDefinition strategy) => strategy.Sha256 == Definition.Sha256;

    /// <summary>
    /// <paramref name="execution"/> with s3's parameter values of <paramref name="strategy"/> in its S3 fields: the kernels
    /// written for S3 alone (Metal's, until it learns strategies) read them there.
    /// </summary>
    public static StrategyParameters Parameters(StrategyInstance strategy, StrategyParameters execution)
    {
        if (!Is(strategy)) throw new ArgumentException($"The strategy {strategy.Definition.Name} is not the built-in s3.", nameof(strategy));
        return Parameters(strategy.ParameterValues, execution);
    }

    /// <summary><paramref name="execution"/> with s3's parameter <paramref name="values"/> (every one, by name) in its S3 fields.</summary>
    public static StrategyParameters Parameters(IReadOnlyDictionary<string, double> values, StrategyParameters execution) =>
        Fields.Aggregate(execution, (p, f) => f.Set(p, values[f.Name]));

    /// <summary>s3 instantiated with the record's values; throws <see cref="StrategyException"/> when one is outside the file's ranges.</summary>
    public static StrategyInstance Instance(StrategyParameters p) => Definition.Instantiate(Values(p));
}
