using Backtest.Metrics;
using Backtest.Simulation;

namespace Backtest.WalkForward;

/// <summary>
/// One symbol's out-of-sample equity, fold after fold: each fold's test-window curve, which starts from
/// the capital, is scaled so that it starts where the previous fold ended. The stitched curve compounds
/// the folds' returns; its metrics are those of spec §5 over it (returns from bar to bar, drawdowns from
/// its running peak). Trade statistics are over all folds' trades as each fold's account made them (a
/// fold's pnl is in that fold's money, not scaled): whole shares and fixed fees do not scale.
/// </summary>
public sealed class StitchedEquity(string symbol, double capital)
{
    private readonly List<double> _equity = [];
    private readonly List<long> _times = [];
    private readonly List<Trade> _trades = [];
    private double _scale = 1;
    private SeriesSpan _span;

    public string Symbol { get; } = symbol;

    public double Capital { get; } = capital;

    public int Folds { get; private set; }

    public int BarsInMarket { get; private set; }

    public IReadOnlyList<double> Equity => _equity;

    /// <summary>The time of each stitched bar (Unix ms).</summary>
    public IReadOnlyList<long> Times => _times;

    public IReadOnlyList<Trade> Trades => _trades;

    /// <summary>Appends a fold's test window; <paramref name="times"/> are the times of its bars.</summary>
    public void Append(OutOfSampleRun run, ReadOnlySpan<long> times)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (times.Length != run.Equity.Length) throw new ArgumentException($"{run.Equity.Length} bars need {run.Equity.Length} times.", nameof(times));
        if (run.Equity.Length == 0) return;
        foreach (double e in run.Equity) _equity.Add(_scale * e);
        foreach (long t in times) _times.Add(t);
        _trades.AddRange(run.Trades);
        BarsInMarket += run.BarsInMarket;
        _span = Folds == 0 ? run.Span : _span.Through(run.Span);
        _scale *= run.Equity[^1] / Capital;
        Folds++;
    }

    public SymbolMetrics Metrics(double periodsPerYear) =>
        PerformanceMetrics.Compute([.. _equity], _trades, BarsInMarket, Capital, periodsPerYear, _span);
}
