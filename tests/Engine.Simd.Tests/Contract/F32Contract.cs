using Backtest.Data;
using Backtest.Engines;
using Backtest.Simulation;
using Backtest.Strategy;

using Backtest.Tests.Support;

namespace Backtest.Tests.Contract;

/// <summary>
/// The f32 contract of spec §6 measured on a run: how many symbols have the reference's trade list
/// (bars, shares, reasons), whether every other one is traceable to a comparison within 1e-3 of its
/// threshold, and the worst relative error of final_value where the lists agree.
/// </summary>
internal sealed record F32Contract(int Symbols, int Identical, IReadOnlyList<string> Untraceable, double WorstFinalValueError, string WorstSymbol)
{
    public const double TraceMargin = 1e-3;
    public const double FinalValueTolerance = 1e-4;
    public const double IdenticalShare = 0.99;

    public double IdenticalFraction => Symbols == 0 ? 1 : (double)Identical / Symbols;

    public static F32Contract Measure(
        IReadOnlyList<BarSeries> series, IReadOnlyList<SymbolResult> reference, IReadOnlyList<SymbolResult> actual, S3Settings p)
    {
        int identical = 0;
        double worst = 0;
        string worstSymbol = "";
        var untraceable = new List<string>();
        for (int i = 0; i < series.Count; i++)
        {
            var e = reference[i];
            var a = actual[i];
            if (Agreement.SameDecisions(e.Trades, a.Trades))
            {
                identical++;
                double error = Math.Abs(a.Metrics.FinalValue - e.Metrics.FinalValue) / Math.Abs(e.Metrics.FinalValue);
                if (error > worst) { worst = error; worstSymbol = e.Symbol; }
                continue;
            }

            var margins = new DecisionMargins(series[i], p, e.Trades);
            double margin = FirstDifferingBars(e.Trades, a.Trades).Min(margins.Around);
            if (!(margin <= TraceMargin))
                untraceable.Add($"{e.Symbol} (first difference near bars {string.Join("/", FirstDifferingBars(e.Trades, a.Trades))}, smallest margin {margin:G3})");
        }
        return new F32Contract(series.Count, identical, untraceable, worst, worstSymbol);
    }

    /// <summary>The bars of the first trade where the lists part: its entry and exit in either list.</summary>
    private static IEnumerable<int> FirstDifferingBars(IReadOnlyList<Trade> e, IReadOnlyList<Trade> a)
    {
        int i = 0;
        while (i < e.Count && i < a.Count && e[i].EntryBar == a[i].EntryBar && e[i].ExitBar == a[i].ExitBar
               && e[i].Shares == a[i].Shares && e[i].Reason == a[i].Reason) i++;
        var bars = new List<int>();
        if (i < e.Count) bars.AddRange([e[i].EntryBar, e[i].ExitBar]);
        if (i < a.Count) bars.AddRange([a[i].EntryBar, a[i].ExitBar]);
        return bars;
    }

    public override string ToString() =>
        $"{Identical}/{Symbols} symbols with identical trades ({100 * IdenticalFraction:F2}%), {Untraceable.Count} untraceable, " +
        $"worst final_value error {WorstFinalValueError:G3} ({WorstSymbol})";
}
