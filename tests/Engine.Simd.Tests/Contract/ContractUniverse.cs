using System.Collections.Concurrent;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Tests.Support;

namespace Backtest.Tests.Contract;

/// <summary>
/// The random ragged universe of the contract (1,001 series of 0 to 2,500 one-minute bars) and the
/// reference engine's results on it for each parameter set, computed once per test run.
/// </summary>
internal static class ContractUniverse
{
    public const int MaxBars = 2500;

    private static readonly Lazy<List<BarSeries>> AllSeries = new(() => RandomBars.Universe(1001, MaxBars, seed: 20261201));
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<SymbolResult>>> Reference = new();

    private static readonly Lazy<(List<BarSeries> Series, IReadOnlyList<SymbolResult> Reference)> Undecimal = new(() =>
    {
        var series = RandomBars.Universe(1001, 1500, seed: 424242, cents: false);
        return (series, new ReferenceEngine().Run(series, S3Settings.Default, Precision.F64));
    });

    /// <summary>
    /// 1,001 series whose prices have no decimal form (no cents), which f32 cannot hold exactly, and the
    /// reference results on them with the default parameters.
    /// </summary>
    public static (List<BarSeries> Series, IReadOnlyList<SymbolResult> Reference) UndecimalPrices => Undecimal.Value;

    public static IReadOnlyList<BarSeries> All => AllSeries.Value;

    /// <summary>
    /// <paramref name="count"/> consecutive series; small counts start at an offset that holds both
    /// short and full-length series.
    /// </summary>
    public static (IReadOnlyList<BarSeries> Series, int Offset) Take(int count)
    {
        int offset = count >= All.Count ? 0 : 11 * count % (All.Count - count);
        return (All.Skip(offset).Take(count).ToList(), offset);
    }

    /// <summary>The reference results for every series of the universe under one parameter set.</summary>
    public static IReadOnlyList<SymbolResult> ReferenceResults(string caseName) =>
        Reference.GetOrAdd(caseName, name => new Lazy<IReadOnlyList<SymbolResult>>(
            () => new ReferenceEngine().Run(All, ContractCases.Parameters[name], Precision.F64))).Value;
}
