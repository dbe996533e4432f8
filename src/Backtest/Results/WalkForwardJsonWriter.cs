using System.Text.Json;
using Backtest.Optimization;
using Backtest.WalkForward;

namespace Backtest.Results;

/// <summary>
/// walkforward.json: the settings (metric, selection, windows, grid), then per fold its windows (ISO 8601,
/// end exclusive), the chosen parameters, the metric in and out of sample over the symbols and each
/// symbol's part; then the stitched out-of-sample metrics of each symbol (spec §5 over the stitched curve)
/// and the metric over them. The stitched curves themselves are in walkforward_equity.csv.
/// </summary>
public static class WalkForwardJsonWriter
{
    public const string FileName = "walkforward.json";

    public static void Write(Stream stream, WalkForwardReport report, DataAccount data)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(data);
        var request = report.Request;
        using var w = new Utf8JsonWriter(stream, ResultsJsonWriter.Options);
        w.WriteStartObject();
        w.WriteString("metric", report.Metric.Name);
        w.WriteString("direction", report.Metric.Direction);
        w.WriteString("select", request.BestPerSymbol ? "symbol" : "universe");
        ResultsJsonWriter.WriteStrategy(w, request.Grid.Base.Strategy);
        w.WriteString("engine", report.Engine);
        w.WriteString("out_of_sample_engine", report.Engine);
        w.WriteString("precision", request.Precision.Name());
        w.WriteString("data", data.Data);
        w.WriteNumber("train_days", request.TrainDays);
        w.WriteNumber("test_days", request.TestDays);
        w.WriteNumber("step_days", report.StepDays);
        w.WriteBoolean("anchored", request.Anchored);
        w.WriteStartObject("grid");
        OptimizeJsonWriter.WriteAxes(w, report.Grid);
        w.WriteNumber("size", report.Grid.Count);
        w.WriteEndObject();
        w.WriteNumber("bar_evaluations", report.BarEvaluations);
        ResultsJsonWriter.Number(w, "elapsed_ms", report.ElapsedMs);

        w.WriteStartArray("folds");
        foreach (var f in report.Folds) WriteFold(w, f, report.Metric);
        w.WriteEndArray();

        w.WriteStartObject("stitched");
        WriteSummary(w, "summary", report.StitchedSummary);
        w.WriteStartArray("symbols");
        foreach (var s in report.Stitched)
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Symbol);
            w.WriteNumber("bars", s.Equity.Equity.Count);
            w.WriteNumber("folds", s.Equity.Folds);
            ResultsJsonWriter.Time(w, "start", s.Equity.Times.Count > 0 ? s.Equity.Times[0] : null);
            ResultsJsonWriter.Time(w, "end", s.Equity.Times.Count > 0 ? s.Equity.Times[^1] : null);
            ResultsJsonWriter.WriteMetricFields(w, s.Metrics);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();

        ResultsJsonWriter.WriteSkipped(w, data.Skipped);
        ResultsJsonWriter.WriteLoad(w, data.Load);   // as optimize.json: what the load did not use, skipped files included
        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteFold(Utf8JsonWriter w, FoldResult f, OptimizationMetric metric)
    {
        w.WriteStartObject();
        w.WriteNumber("fold", f.Fold.Number);
        Window(w, "train", f.Fold.TrainStart, f.Fold.TrainEnd);
        Window(w, "test", f.Fold.TestStart, f.Fold.TestEnd);
        if (f.Skipped is { } reason) w.WriteString("skipped", reason);
        else w.WriteNull("skipped");
        if (f.Chosen is { } chosen)
        {
            w.WriteNumber("index", chosen.Index);
            ResultsJsonWriter.WriteParameters(w, "parameters", chosen.Point);
        }
        else
        {
            w.WriteNull("index");
            w.WriteNull("parameters");
        }
        w.WriteNumber("combinations", f.Combinations);
        WriteSummary(w, "in_sample", f.InSample);
        WriteSummary(w, "out_of_sample", f.OutOfSample);
        w.WriteStartArray("symbols");
        foreach (var s in f.Symbols)
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Symbol);
            w.WriteNumber("index", s.Combination.Index);
            if (f.Chosen is null) ResultsJsonWriter.WriteParameters(w, "parameters", s.Combination.Point);
            ResultsJsonWriter.Number(w, "in_sample", s.InSample);
            if (s.OutOfSample is { } oos)
            {
                ResultsJsonWriter.Number(w, "out_of_sample", metric.ValueOf(oos.Metrics));
                w.WriteNumber("test_bars", oos.Window.Count);
                ResultsJsonWriter.Number(w, "total_return_pct", oos.Metrics.TotalReturnPct);
                w.WriteNumber("trades", oos.Metrics.Trades);
            }
            else
            {
                w.WriteNull("out_of_sample");
                w.WriteNumber("test_bars", 0);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Window(Utf8JsonWriter w, string name, long start, long end)
    {
        w.WriteStartObject(name);
        ResultsJsonWriter.Time(w, "start", start);
        ResultsJsonWriter.Time(w, "end", end);
        w.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter w, string name, MetricSummary s)
    {
        w.WriteStartObject(name);
        ResultsJsonWriter.Number(w, "mean", s.Mean);
        ResultsJsonWriter.Number(w, "median", s.Median);
        ResultsJsonWriter.Number(w, "profitable_pct", s.ProfitablePct);
        w.WriteNumber("symbols", s.Symbols);
        w.WriteEndObject();
    }
}
