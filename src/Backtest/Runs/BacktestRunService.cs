using System.Diagnostics;
using Backtest.Data;
using Backtest.Data.Gaps;
using Backtest.Engines;
using Backtest.Results;

namespace Backtest.Runs;

/// <summary>
/// Runs one backtest over loaded series: leaves out series too short for the warm-up (with the reason
/// in "skipped"), runs the engine on the rest, times it, and builds the <see cref="RunReport"/>.
/// Writing files and printing are left to the caller.
/// </summary>
public static class BacktestRunService
{
    public static RunOutcome Run(RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = request.Parameters;
        var errors = parameters.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid parameters: " + string.Join(" ", errors), nameof(request));
        var engine = request.Engine;
        if (!engine.Supports(request.Precision))
            throw new ArgumentException($"The {engine.Name} engine does not support {request.Precision.Name()}.", nameof(request));

        // Gaps are found (and split at) before the warm-up check: a segment too short to trade is skipped like a short symbol.
        var load = GapSplitter.Apply(request.Load, request.Gaps);
        var skipped = new List<SkippedSymbol>(load.Skipped);
        var runnable = new List<BarSeries>(load.Series.Count);
        long minimum = request.Strategy.Graph.MinimumBars;
        foreach (var series in load.Series)
        {
            if (series.Count < minimum)
                skipped.Add(new SkippedSymbol(series.Symbol, TooFewBars(series.Count, minimum)));
            else
                runnable.Add(series);
        }

        IReadOnlyList<SymbolResult> results = [];
        double elapsedMs = 0;
        if (runnable.Count > 0)
        {
            long started = Stopwatch.GetTimestamp();
            results = engine.Run(runnable, request.Strategy, parameters, request.Precision, cancellationToken);
            elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (results.Count != runnable.Count)
                throw new InvalidOperationException($"The {engine.Name} engine returned {results.Count} results for {runnable.Count} series.");
        }

        var symbols = new SymbolReport[runnable.Count];
        long bars = 0;
        for (int i = 0; i < symbols.Length; i++)
        {
            symbols[i] = new SymbolReport(runnable[i], results[i]);
            bars += runnable[i].Count;
        }

        var report = new RunReport
        {
            Run = new RunInfo
            {
                Engine = engine.Name,
                Precision = request.Precision,
                Parameters = parameters,
                Strategy = request.Strategy,
                Symbols = symbols.Length,
                Bars = bars,
                ElapsedMs = elapsedMs,
                BarsPerSecond = elapsedMs > 0 ? bars / (elapsedMs / 1000.0) : null,
                Data = load.Source,
                WindowStart = load.WindowStart ?? Extent(symbols, first: true),
                WindowEnd = load.WindowEnd ?? Extent(symbols, first: false),
            },
            Symbols = symbols,
            Summary = RunSummary.From(symbols),
            Skipped = skipped,
            Load = LoadAccount.From(load),
        };

        string? failure = symbols.Length > 0 ? null : NothingToRun(load, skipped);
        return new RunOutcome(report, failure);
    }

    /// <summary>The reason recorded for a series shorter than the strategy's <see cref="Strategies.Graph.StrategyGraph.MinimumBars"/>.</summary>
    public static string TooFewBars(int bars, long minimum) =>
        $"too few bars for the warm-up: {bars} bars, at least {minimum} needed";

    private static string NothingToRun(LoadResult load, List<SkippedSymbol> skipped)
    {
        if (skipped.Count == 0) return $"no symbols to backtest in {load.Source}";
        var first = skipped[0];
        string more = skipped.Count > 1 ? $" (and {skipped.Count - 1} more)" : "";
        return $"no symbol could be backtested: all {skipped.Count} were skipped; {first.Symbol}: {first.Reason}{more}";
    }

    // Where the loader applied no bound, the window reported is the span the backtested bars cover.
    private static DateTimeOffset? Extent(SymbolReport[] symbols, bool first)
    {
        long? best = null;
        foreach (var s in symbols)
        {
            long? t = first ? s.Start : s.End;
            if (t is { } v && (best is null || (first ? v < best : v > best))) best = v;
        }
        return best is { } b ? UnixTime.ToDateTimeOffset(b) : null;
    }
}
