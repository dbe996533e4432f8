namespace Backtest.Results;

/// <summary>One row of the summary's top or bottom list (results.json summary.top / summary.bottom).</summary>
public sealed record SummaryEntry(string Symbol, double TotalReturnPct, int Trades, double SharpeRatio);

/// <summary>
/// The run summary of spec §7 over the backtested symbols. Returns are total_return_pct. A symbol is
/// profitable when total_return &gt; 0. Top lists the best first, bottom the worst first; ties are
/// broken by symbol (ordinal). The lists never share a symbol: with fewer than 2 × <see cref="ListLength"/>
/// symbols the ranking is split, the better half (one more when odd) on top and the rest at the bottom.
/// With no symbols every statistic is 0 and the lists are empty.
/// </summary>
public sealed record RunSummary
{
    public const int ListLength = 10;

    public required int Symbols { get; init; }
    public required int Profitable { get; init; }

    /// <summary>100 × profitable / symbols; 0 with no symbols.</summary>
    public required double ProfitablePct { get; init; }

    public required double AverageReturnPct { get; init; }
    public required double MedianReturnPct { get; init; }
    public required double BestReturnPct { get; init; }
    public required double WorstReturnPct { get; init; }
    public required IReadOnlyList<SummaryEntry> Top { get; init; }
    public required IReadOnlyList<SummaryEntry> Bottom { get; init; }

    public static RunSummary From(IReadOnlyList<SymbolReport> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var entries = symbols
            .Select(s => new SummaryEntry(s.Symbol, s.Result.Metrics.TotalReturnPct, s.Result.Metrics.Trades, s.Result.Metrics.SharpeRatio))
            .ToArray();
        int n = entries.Length;
        if (n == 0)
        {
            return new RunSummary
            {
                Symbols = 0,
                Profitable = 0,
                ProfitablePct = 0,
                AverageReturnPct = 0,
                MedianReturnPct = 0,
                BestReturnPct = 0,
                WorstReturnPct = 0,
                Top = [],
                Bottom = [],
            };
        }

        int profitable = symbols.Count(s => s.Result.Metrics.TotalReturn > 0);
        var returns = entries.Select(e => e.TotalReturnPct).Order().ToArray();
        double median = n % 2 == 1 ? returns[n / 2] : (returns[(n / 2) - 1] + returns[n / 2]) / 2;

        // One ranking, best first, split in two: the better half (at most ListLength) on top, the worse half at
        // the bottom, so that under 2 x ListLength symbols no symbol is listed both as a best and as a worst.
        var ranked = entries
            .OrderByDescending(e => e.TotalReturnPct)
            .ThenBy(e => e.Symbol, StringComparer.Ordinal)
            .ToArray();
        int topCount = Math.Min(ListLength, (n + 1) / 2);
        int bottomCount = Math.Min(ListLength, n - topCount);
        var best = ranked[..topCount];
        var worst = ranked[topCount..]
            .OrderBy(e => e.TotalReturnPct)
            .ThenBy(e => e.Symbol, StringComparer.Ordinal)
            .Take(bottomCount)
            .ToArray();

        return new RunSummary
        {
            Symbols = n,
            Profitable = profitable,
            ProfitablePct = 100.0 * profitable / n,
            AverageReturnPct = returns.Average(),
            MedianReturnPct = median,
            BestReturnPct = returns[^1],
            WorstReturnPct = returns[0],
            Top = best,
            Bottom = worst,
        };
    }
}
