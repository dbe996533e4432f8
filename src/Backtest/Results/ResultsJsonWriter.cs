using System.Text.Encodings.Web;
using System.Text.Json;
using Backtest.Data;
using Backtest.Data.Gaps;
using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Results;

/// <summary>
/// results.json (spec §7), indented. Field names and order are those of the spec, plus a few extras
/// that help users: run.parameters lists every parameter by its snake_case name; each symbol carries
/// the periods_per_year it used; summary adds profitable_pct; top and bottom entries are
/// {symbol, total_return_pct, trades, sharpe_ratio}; "load" counts invalid rows, duplicates and issues, and lists
/// the skipped files (entries of the data directory that could not be looked at) with their reasons;
/// each symbol's unaffordable_entries and the "unaffordable" list name entry signals a budget could not fill.
/// Doubles are written in their shortest round-trip form; a non-finite double (which no metric should
/// produce) is written as null rather than making the file unreadable. Times are ISO 8601 UTC.
/// </summary>
public static class ResultsJsonWriter
{
    public const string FileName = "results.json";

    internal static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        // Symbols and paths are written as they are (no \u escapes for '+' or non-ASCII letters).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Stream stream, RunReport report)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        using var w = new Utf8JsonWriter(stream, Options);
        w.WriteStartObject();
        WriteRun(w, report.Run);
        WriteSymbols(w, report.Symbols);
        WriteSummary(w, report.Summary);
        WriteSkipped(w, report.Skipped);
        WriteUnaffordable(w, report.Symbols);
        WriteLoad(w, report.Load);
        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteRun(Utf8JsonWriter w, RunInfo run)
    {
        w.WriteStartObject("run");
        w.WriteString("engine", run.Engine);
        w.WriteString("precision", run.Precision.Name());
        WriteStrategy(w, run.Strategy.Definition);
        WriteParameters(w, "parameters", run.Strategy.Definition, run.Strategy.ParameterValues, run.Parameters);
        w.WriteNumber("symbols", run.Symbols);
        w.WriteNumber("bars", run.Bars);
        Number(w, "elapsed_ms", run.ElapsedMs);
        Number(w, "bars_per_second", run.BarsPerSecond);
        w.WriteString("data", run.Data);
        w.WriteStartObject("window");
        Time(w, "start", run.WindowStart?.ToUnixTimeMilliseconds());
        Time(w, "end", run.WindowEnd?.ToUnixTimeMilliseconds());
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>"strategy": its name and the sha256 of its file (strategies.md §6).</summary>
    internal static void WriteStrategy(Utf8JsonWriter w, StrategyDefinition strategy)
    {
        w.WriteStartObject("strategy");
        w.WriteString("name", strategy.Name);
        w.WriteString("sha256", strategy.Sha256);
        w.WriteEndObject();
    }

    /// <summary>A grid point's strategy parameters and execution settings: optimize.json and walkforward.json.</summary>
    internal static void WriteParameters(Utf8JsonWriter w, string name, Optimization.GridPoint point) =>
        WriteParameters(w, name, point.Strategy, point.Values, point.Execution);

    /// <summary>
    /// Every parameter by its snake_case name: the strategy's, in the order its file declares them (ints written as
    /// ints), then the execution settings of semantics §4 (strategies.md §6: "beside the execution ones").
    /// </summary>
    internal static void WriteParameters(Utf8JsonWriter w, string name, StrategyDefinition strategy, IReadOnlyDictionary<string, double> values, StrategyParameters p)
    {
        w.WriteStartObject(name);
        foreach (var parameter in strategy.Parameters)
        {
            double value = values[parameter.Name];
            if (parameter.IsInt) w.WriteNumber(parameter.Name, (long)value);
            else Number(w, parameter.Name, value);
        }
        Number(w, "capital", p.Capital);
        Number(w, "position_size", p.PositionSize);
        Number(w, "fee_fixed", p.FeeFixed);
        Number(w, "fee_bps", p.FeeBps);
        Number(w, "slippage_bps", p.SlippageBps);
        w.WriteString("fill", p.Fill.Name());
        Number(w, "stop_loss_pct", p.StopLossPct);
        Number(w, "take_profit_pct", p.TakeProfitPct);
        w.WriteNumber("max_hold_bars", p.MaxHoldBars);
        // null: inferred per symbol from bar spacing (spec §5); each symbol reports the value it used.
        Number(w, "periods_per_year", p.PeriodsPerYear);
        w.WriteEndObject();
    }

    private static void WriteSymbols(Utf8JsonWriter w, IReadOnlyList<SymbolReport> symbols)
    {
        w.WriteStartArray("symbols");
        foreach (var s in symbols)
        {
            var m = s.Result.Metrics;
            w.WriteStartObject();
            w.WriteString("symbol", s.Symbol);
            w.WriteNumber("bars", s.Bars);
            Time(w, "start", s.Start);
            Time(w, "end", s.End);
            WriteMetricFields(w, m);
            w.WriteNumber("unaffordable_entries", s.Result.UnaffordableEntries);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The symbols with entry signals their budget could not buy one share at, in the symbols' order.</summary>
    private static void WriteUnaffordable(Utf8JsonWriter w, IReadOnlyList<SymbolReport> symbols)
    {
        w.WriteStartArray("unaffordable");
        foreach (var s in symbols.Where(s => s.Result.UnaffordableEntries > 0))
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Symbol);
            w.WriteNumber("entries", s.Result.UnaffordableEntries);
            w.WriteNumber("trades", s.Result.Metrics.Trades);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>
    /// The per-symbol metric fields of spec §7, from final_value to exposure_pct, then the further metrics of 2.0 §5,
    /// then periods_per_year (optimize.json uses them too).
    /// </summary>
    internal static void WriteMetricFields(Utf8JsonWriter w, Metrics.SymbolMetrics m)
    {
        Number(w, "final_value", m.FinalValue);
        Number(w, "total_return", m.TotalReturn);
        Number(w, "total_return_pct", m.TotalReturnPct);
        w.WriteNumber("trades", m.Trades);
        w.WriteNumber("winning_trades", m.WinningTrades);
        w.WriteNumber("losing_trades", m.LosingTrades);
        Number(w, "win_rate", m.WinRate);
        Number(w, "avg_trade_return_pct", m.AvgTradeReturnPct);
        Number(w, "best_trade_pct", m.BestTradePct);
        Number(w, "worst_trade_pct", m.WorstTradePct);
        Number(w, "profit_factor", m.ProfitFactor);
        Number(w, "sharpe_ratio", m.SharpeRatio);
        Number(w, "sortino_ratio", m.SortinoRatio);
        Number(w, "max_drawdown", m.MaxDrawdown);
        Number(w, "max_drawdown_pct", m.MaxDrawdownPct);
        Number(w, "exposure_pct", m.ExposurePct);
        Number(w, "buy_hold_return_pct", m.BuyHoldReturnPct);
        Number(w, "cagr_pct", m.CagrPct);
        Number(w, "volatility_ann_pct", m.VolatilityAnnPct);
        Number(w, "calmar_ratio", m.CalmarRatio);
        if (m.MaxDrawdownBars is { } drawdownBars) w.WriteNumber("max_drawdown_bars", drawdownBars);
        else w.WriteNull("max_drawdown_bars");
        Number(w, "sqn", m.Sqn);
        Number(w, "avg_trade_pnl", m.AvgTradePnl);
        Number(w, "avg_trade_bars", m.AvgTradeBars);
        w.WriteNumber("max_trade_bars", m.MaxTradeBars);
        w.WriteNumber("long_trades", m.LongTrades);
        w.WriteNumber("short_trades", m.ShortTrades);
        Number(w, "periods_per_year", m.PeriodsPerYear);
    }

    private static void WriteSummary(Utf8JsonWriter w, RunSummary s)
    {
        w.WriteStartObject("summary");
        w.WriteNumber("symbols", s.Symbols);
        w.WriteNumber("profitable", s.Profitable);
        Number(w, "profitable_pct", s.ProfitablePct);
        Number(w, "average_return_pct", s.AverageReturnPct);
        Number(w, "median_return_pct", s.MedianReturnPct);
        Number(w, "best_return_pct", s.BestReturnPct);
        Number(w, "worst_return_pct", s.WorstReturnPct);
        WriteEntries(w, "top", s.Top);
        WriteEntries(w, "bottom", s.Bottom);
        w.WriteEndObject();
    }

    private static void WriteEntries(Utf8JsonWriter w, string name, IReadOnlyList<SummaryEntry> entries)
    {
        w.WriteStartArray(name);
        foreach (var e in entries)
        {
            w.WriteStartObject();
            w.WriteString("symbol", e.Symbol);
            Number(w, "total_return_pct", e.TotalReturnPct);
            w.WriteNumber("trades", e.Trades);
            Number(w, "sharpe_ratio", e.SharpeRatio);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteSkipped(Utf8JsonWriter w, IEnumerable<SkippedSymbol> skipped)
    {
        w.WriteStartArray("skipped");
        foreach (var s in skipped)
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Symbol);
            w.WriteString("reason", s.Reason);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    internal static void WriteLoad(Utf8JsonWriter w, LoadAccount load)
    {
        w.WriteStartObject("load");
        w.WriteNumber("invalid_rows", load.InvalidRows);
        w.WriteNumber("duplicates", load.Duplicates);
        w.WriteNumber("issues", load.Issues.Count);
        w.WriteStartArray("skipped_files");
        foreach (var f in load.SkippedFiles)
        {
            w.WriteStartObject();
            w.WriteString("path", f.File);
            w.WriteString("reason", f.Message);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (load.Gaps is { } gaps) WriteGaps(w, gaps);
        w.WriteEndObject();
    }

    /// <summary>load.gaps: the policy, then every gap per symbol (from = the last bar before it, to = the first after).</summary>
    private static void WriteGaps(Utf8JsonWriter w, GapReport gaps)
    {
        w.WriteStartObject("gaps");
        w.WriteString("max_gap", DurationText.Format(gaps.Policy.MaxGapMs));
        w.WriteBoolean("split_at_gaps", gaps.Policy.Split);
        w.WriteNumber("count", gaps.Count);
        w.WriteStartArray("symbols");
        foreach (var s in gaps.Symbols)
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Symbol);
            w.WriteNumber("segments", s.Segments);
            w.WriteStartArray("gaps");
            foreach (var g in s.Gaps)
            {
                w.WriteStartObject();
                Time(w, "from", g.LastBarMs);
                Time(w, "to", g.NextBarMs);
                Number(w, "days", g.Days);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }

    internal static void Time(Utf8JsonWriter w, string name, long? unixMs)
    {
        if (unixMs is { } t) w.WriteString(name, UnixTime.ToIso(t));
        else w.WriteNull(name);
    }
}
