using System.Numerics;
using Backtest.Data;
using Backtest.Data.Synthetic;
using Backtest.Panel;

namespace Backtest.Benchmarking;

/// <summary>
/// Benchmark workloads: the built-in synthetic universe (seeded, realistic one-minute bars) generated
/// straight into a panel, one symbol at a time, so no full copy of the bars as series is ever held.
/// </summary>
public static class SyntheticPanels
{
    /// <summary>The options whose sessions cover <paramref name="bars"/> bars.</summary>
    public static SyntheticUniverseOptions Options(int symbols, int bars, ulong seed = 42) => new()
    {
        Symbols = symbols,
        Days = Math.Max(1, (bars + SyntheticUniverseOptions.BarsPerDay - 1) / SyntheticUniverseOptions.BarsPerDay),
        Seed = seed,
    };

    /// <summary>Symbol <paramref name="index"/> of the workload, cut to <paramref name="bars"/> bars.</summary>
    public static BarSeries Series(int symbols, int bars, int index, ulong seed = 42)
    {
        var series = SyntheticUniverse.GenerateSymbol(Options(symbols, bars, seed), index);
        return series.Count == bars ? series : series.Slice(0, bars);
    }

    /// <summary><paramref name="symbols"/> × <paramref name="bars"/> bars in a panel of <typeparamref name="T"/>.</summary>
    public static BarPanel<T> Create<T>(int symbols, int bars, ulong seed = 42, CancellationToken cancellationToken = default)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(symbols, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bars, 1);
        try
        {
            return BarPanel<T>.Build(symbols, bars, lane =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return Series(symbols, bars, lane, seed);
            });
        }
        catch (AggregateException) when (cancellationToken.IsCancellationRequested)
        {
            // The panel is built in parallel: the lanes' cancellations come wrapped.
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
