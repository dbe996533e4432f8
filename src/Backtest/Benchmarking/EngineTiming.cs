using System.Diagnostics;
using Backtest.Engines;

namespace Backtest.Benchmarking;

/// <summary>One engine and precision timed on one workload: the best and median of several runs.</summary>
public sealed record EngineTiming(string Engine, Precision Precision, int Symbols, int Bars, double BestSeconds, double MedianSeconds, int Trades)
{
    /// <summary>The strategy timed (a built-in's name or a file's strategy name).</summary>
    public string Strategy { get; init; } = "s3";

    public double BarsPerSecond => (double)Symbols * Bars / BestSeconds;

    public double SymbolsPerSecond => Symbols / BestSeconds;

    /// <summary>
    /// Runs <paramref name="run"/> once to warm up (JIT, page faults), then <paramref name="repetitions"/> times.
    /// The best run is the figure a quiet machine gives; shared machines make the others noisier.
    /// </summary>
    public static EngineTiming Measure(
        string engine, Precision precision, int symbols, int bars, int repetitions, Func<IReadOnlyList<SymbolResult>> run)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repetitions, 1);
        int trades = run().Sum(r => r.Trades.Count);
        var seconds = new double[repetitions];
        for (int i = 0; i < repetitions; i++)
        {
            // Each run starts from a collected heap, as a user's run in a fresh process does, rather than in the garbage
            // of the runs before it (whose collection would otherwise land on a run's clock, at random).
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long start = Stopwatch.GetTimestamp();
            run();
            seconds[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        return new EngineTiming(engine, precision, symbols, bars, seconds[0], seconds[repetitions / 2], trades);
    }
}
