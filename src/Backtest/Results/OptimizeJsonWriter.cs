using System.Text.Json;
using Backtest.Optimization;

namespace Backtest.Results;

/// <summary>
/// optimize.json: the metric and its direction, the grid, the work done and its time, the best
/// combination, every evaluated combination best first, with --select symbol the best combination of each
/// symbol with all its metrics, and what was skipped. The strategy is named as results.json names it. Parameters are written as in results.json
/// (every parameter by its snake_case name), metrics likewise.
/// </summary>
public static class OptimizeJsonWriter
{
    public const string FileName = "optimize.json";

    public static void Write(Stream stream, OptimizationReport report, DataAccount data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(data);
        using var w = new Utf8JsonWriter(stream, ResultsJsonWriter.Options);
        w.WriteStartObject();
        w.WriteString("metric", report.Metric.Name);
        w.WriteString("direction", report.Metric.Direction);
        w.WriteString("select", report.BestPerSymbol ? "symbol" : "universe");
        ResultsJsonWriter.WriteStrategy(w, report.Grid.Base.Strategy);
        w.WriteString("engine", report.Engine);
        w.WriteString("precision", report.Precision.Name());
        w.WriteString("data", data.Data);
        w.WriteStartObject("window");
        ResultsJsonWriter.Time(w, "start", (data.WindowStart ?? Extent(report, first: true))?.ToUnixTimeMilliseconds());
        ResultsJsonWriter.Time(w, "end", (data.WindowEnd ?? Extent(report, first: false))?.ToUnixTimeMilliseconds());
        w.WriteEndObject();
        WriteGrid(w, report);
        w.WriteNumber("symbols", report.Series.Count);
        w.WriteNumber("bars", report.Bars);
        w.WriteNumber("bar_evaluations", report.BarEvaluations);
        ResultsJsonWriter.Number(w, "elapsed_ms", report.ElapsedMs);
        ResultsJsonWriter.Number(w, "panel_ms", report.PanelMs);
        ResultsJsonWriter.Number(w, "bar_evaluations_per_second", report.BarEvaluationsPerSecond);

        w.WritePropertyName("best");
        if (report.Best is { } best) WriteCombination(w, best);
        else w.WriteNullValue();

        w.WriteStartArray("combinations");
        foreach (var c in report.Ranked) WriteCombination(w, c);
        w.WriteEndArray();

        if (report.SymbolBests is { } bests)
        {
            w.WriteStartArray("symbol_bests");
            foreach (var b in bests)
            {
                w.WriteStartObject();
                w.WriteString("symbol", b.Symbol);
                w.WriteNumber("index", b.Combination.Index);
                ResultsJsonWriter.WriteParameters(w, "parameters", b.Combination.Point);
                ResultsJsonWriter.Number(w, "value", b.Value);
                w.WriteStartObject("metrics");
                ResultsJsonWriter.WriteMetricFields(w, b.Metrics);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        ResultsJsonWriter.WriteSkipped(w, data.Skipped.Concat(report.SkippedSymbols));
        ResultsJsonWriter.WriteLoad(w, data.Load);
        w.WriteEndObject();
        w.Flush();
    }

    /// <summary>grid.axes: each axis's name and values, as both optimize.json and walkforward.json give them.</summary>
    internal static void WriteAxes(Utf8JsonWriter w, ParameterGrid grid)
    {
        w.WriteStartArray("axes");
        foreach (var axis in grid.Axes)
        {
            w.WriteStartObject();
            w.WriteString("name", axis.Parameter.JsonName);
            w.WriteStartArray("values");
            foreach (double v in axis.Values) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteGrid(Utf8JsonWriter w, OptimizationReport report)
    {
        var grid = report.Grid;
        w.WriteStartObject("grid");
        WriteAxes(w, grid);
        w.WriteNumber("size", grid.Count);
        w.WriteNumber("evaluated", report.Ranked.Count);
        w.WriteNumber("distinct_runs", report.DistinctRuns);
        w.WriteNumber("tile_runs", report.TileRuns);
        w.WriteNumber("tile_runs_on_shared_indicators", report.TileRunsOnSharedIndicators);
        w.WriteNumber("skipped", report.SkippedCombinations.Count);
        w.WritePropertyName("first_skipped");
        if (report.SkippedCombinations.FirstIndex >= 0)
        {
            w.WriteStartObject();
            w.WriteNumber("index", report.SkippedCombinations.FirstIndex);
            ResultsJsonWriter.WriteParameters(w, "parameters", grid.At(report.SkippedCombinations.FirstIndex));
            w.WriteString("reason", report.SkippedCombinations.FirstReason);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }
        w.WriteEndObject();
    }

    private static void WriteCombination(Utf8JsonWriter w, CombinationSummary c)
    {
        w.WriteStartObject();
        w.WriteNumber("rank", c.Rank);
        w.WriteNumber("index", c.Index);
        ResultsJsonWriter.WriteParameters(w, "parameters", c.Point);
        ResultsJsonWriter.Number(w, "mean", c.Mean);
        ResultsJsonWriter.Number(w, "median", c.Median);
        ResultsJsonWriter.Number(w, "profitable_pct", c.ProfitablePct);
        w.WriteNumber("symbols", c.Symbols);
        w.WriteEndObject();
    }

    private static DateTimeOffset? Extent(OptimizationReport report, bool first)
    {
        var times = report.Series.Where(s => s.Count > 0).Select(s => first ? s.Times[0] : s.Times[^1]).ToArray();
        if (times.Length == 0) return null;
        return Data.UnixTime.ToDateTimeOffset(first ? times.Min() : times.Max());
    }
}
