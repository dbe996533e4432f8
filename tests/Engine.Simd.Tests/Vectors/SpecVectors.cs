using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Backtest.Data;
using Backtest.Strategy;

using Backtest.Tests.Support;

namespace Backtest.Tests.Vectors;

/// <summary>One expected trade row of a case's trades.csv.</summary>
internal sealed record ExpectedTrade(
    string Side,
    string EntryTime, string ExitTime, double EntryPrice, double ExitPrice, long Shares, double Pnl, double ReturnPct, string Reason);

/// <summary>Reads the worked cases of shared/spec/vectors and the bar files they name.</summary>
internal static class SpecVectors
{
    public static readonly string[] CaseNames = ["daily-defaults", "daily-close-fill-stops", "minute-defaults", "minute-tuned"];

    private static readonly ConcurrentDictionary<string, JsonDocument> Cases = new();
    private static readonly ConcurrentDictionary<string, BarSeries> SeriesByPath = new();

    public static JsonElement Case(string name) =>
        Cases.GetOrAdd(name, n => JsonDocument.Parse(File.ReadAllText(SharedData.Spec("vectors", n + ".json")))).RootElement;

    /// <summary>
    /// One row per case and symbol, for theories (the reference's and every engine contract's); one skipped row
    /// naming what is missing when shared/ is absent, since the cases themselves are read from it.
    /// </summary>
    public static IEnumerable<Xunit.TheoryDataRow<string, string>> CasesAndSymbols() => CasesAndSymbols(CaseNames);

    /// <summary>As <see cref="CasesAndSymbols()"/> for <paramref name="caseNames"/>, paths under shared/spec/vectors (strategies/sma-cross-minute).</summary>
    public static IEnumerable<Xunit.TheoryDataRow<string, string>> CasesAndSymbols(IReadOnlyList<string> caseNames)
    {
        if (SharedData.SkipReason("spec", "vectors") is { } reason)
        {
            yield return new Xunit.TheoryDataRow<string, string>("", "") { Skip = reason };
            yield break;
        }
        foreach (var c in caseNames)
            foreach (var s in Symbols(c))
                yield return new Xunit.TheoryDataRow<string, string>(c, s);
    }

    public static IEnumerable<string> Symbols(string caseName) =>
        Case(caseName).GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()!);

    public static JsonElement ExpectedSymbol(string caseName, string symbol) =>
        Case(caseName).GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == symbol);

    /// <summary>The data file of a symbol: the case's "data" field up to its first blank, &lt;SYMBOL&gt; replaced.</summary>
    public static string DataPath(string caseName, string symbol)
    {
        string pattern = Case(caseName).GetProperty("data").GetString()!.Split(' ')[0];
        return SharedData.Data([.. pattern.Replace("<SYMBOL>", symbol, StringComparison.Ordinal).Split('/')]);
    }

    /// <summary>The symbol's series as the loader reads it from its one file (loaded once per test run).</summary>
    public static BarSeries Load(string caseName, string symbol) =>
        SeriesByPath.GetOrAdd(DataPath(caseName, symbol), path =>
        {
            var result = BarLoader.Load(new LoadRequest { Path = path });
            if (result.Series.Count != 1)
                throw new InvalidOperationException($"{path}: expected one series, the loader gave {result.Series.Count}.");
            return result.Series[0];
        });

    /// <summary>The case's parameters; periods per year left null (inferred per symbol, spec §5).</summary>
    public static S3Settings Parameters(string caseName)
    {
        var j = Case(caseName).GetProperty("parameters");
        int I(string name) => j.GetProperty(name).GetInt32();
        double D(string name) => j.GetProperty(name).GetDouble();
        return new S3Settings
        {
            SmaFast = I("sma_fast"),
            SmaSlow = I("sma_slow"),
            RsiPeriod = I("rsi_period"),
            RsiLow = D("rsi_low"),
            RsiHigh = D("rsi_high"),
            BbPeriod = I("bb_period"),
            BbK = D("bb_k"),
            MacdFast = I("macd_fast"),
            MacdSlow = I("macd_slow"),
            MacdSignal = I("macd_signal"),
            WTrend = I("w_trend"),
            WRsi = I("w_rsi"),
            WBb = I("w_bb"),
            WMacd = I("w_macd"),
            Threshold = D("threshold"),
            Execution = new()
            {
                Capital = D("capital"),
                PositionSize = D("position_size"),
                FeeFixed = D("fee_fixed"),
                FeeBps = D("fee_bps"),
                SlippageBps = D("slippage_bps"),
                Fill = j.GetProperty("fill").GetString() switch
                {
                    "next-open" => FillMode.NextOpen,
                    "close" => FillMode.Close,
                    var other => throw new InvalidDataException($"{caseName}: unknown fill '{other}'"),
                },
                StopLossPct = D("stop_loss_pct"),
                TakeProfitPct = D("take_profit_pct"),
                MaxHoldBars = I("max_hold_bars"),
                PeriodsPerYear = null,
            },
        };
    }

    /// <summary>
    /// A strategy case's execution options (strategies/&lt;case&gt;.json "execution", semantics §4 names) over the defaults;
    /// periods per year left null (inferred per symbol).
    /// </summary>
    public static StrategyParameters Execution(string caseName)
    {
        var p = new StrategyParameters();
        foreach (var option in Case(caseName).GetProperty("execution").EnumerateObject())
        {
            var v = option.Value;
            p = option.Name switch
            {
                "capital" => p with { Capital = v.GetDouble() },
                "position_size" => p with { PositionSize = v.GetDouble() },
                "fee_fixed" => p with { FeeFixed = v.GetDouble() },
                "fee_bps" => p with { FeeBps = v.GetDouble() },
                "slippage_bps" => p with { SlippageBps = v.GetDouble() },
                "stop_loss_pct" => p with { StopLossPct = v.GetDouble() },
                "take_profit_pct" => p with { TakeProfitPct = v.GetDouble() },
                "max_hold_bars" => p with { MaxHoldBars = v.GetInt32() },
                "fill" => p with { Fill = v.GetString() == "close" ? FillMode.Close : FillMode.NextOpen },
                var other => throw new InvalidDataException($"{caseName}: execution option '{other}' is not one this test knows."),
            };
        }
        return p;
    }

    /// <summary>A strategy case's parameter overrides ("params").</summary>
    public static IReadOnlyDictionary<string, double> StrategyOverrides(string caseName) =>
        Case(caseName).GetProperty("params").EnumerateObject().ToDictionary(o => o.Name, o => o.Value.GetDouble());

    /// <summary>A strategy case's .bt file, beside its json.</summary>
    public static string StrategyFile(string caseName) =>
        SharedData.Spec(["vectors", .. Path.GetDirectoryName(caseName)!.Split('/', StringSplitOptions.RemoveEmptyEntries), Case(caseName).GetProperty("strategy").GetString()!]);

    /// <summary>The case's trades of one symbol, in file order.</summary>
    public static IReadOnlyList<ExpectedTrade> Trades(string caseName, string symbol)
    {
        var lines = File.ReadAllLines(SharedData.Spec("vectors", caseName + ".trades.csv"));
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        int cSymbol = Col("symbol"), cSide = Col("side"), cEntry = Col("entry_time"), cExit = Col("exit_time"), cEp = Col("entry_price"),
            cXp = Col("exit_price"), cShares = Col("shares"), cPnl = Col("pnl"), cRet = Col("return_pct"), cReason = Col("exit_reason");
        static double P(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        return [.. lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(','))
            .Where(f => f[cSymbol] == symbol)
            .Select(f => new ExpectedTrade(
                cSide < 0 ? "long" : f[cSide], f[cEntry], f[cExit], P(f[cEp]), P(f[cXp]), long.Parse(f[cShares], CultureInfo.InvariantCulture),
                P(f[cPnl]), P(f[cRet]), f[cReason]))];
    }
}
