using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Data;
using Backtest.Fused;
using Backtest.Fused.Graph;
using Backtest.Lanes;
using Backtest.Metrics;
using Backtest.Panel;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;
using Backtest.Strategy;
using CommunityToolkit.HighPerformance.Helpers;

namespace Backtest.Engines;

/// <summary>
/// The portable fast engine: the S3 backtest fused into one pass over time per vector of symbols of a
/// bar-major panel (<see cref="FusedKernel{TL, TV, T}"/>), in f64 or f32, on the widest vectors the machine
/// runs (512, 256 or 128 bits, then scalar lanes for the tail), chunks spread over all cores.
/// f64 agrees with the reference engine to spec §6 (the same trades, metrics within 1e-9); f32 to its
/// f32 contract.
/// </summary>
public sealed class SimdEngine : IPanelEngine
{
    private readonly int _maxDegreeOfParallelism;

    /// <param name="width">The widest vector to use; null for the best this machine accelerates.</param>
    /// <param name="maxDegreeOfParallelism">Threads; −1 for one per core.</param>
    public SimdEngine(VectorWidth? width = null, int maxDegreeOfParallelism = -1)
    {
        var chosen = width ?? VectorWidths.Best;
        if (!chosen.IsAccelerated())
            throw new ArgumentException($"{chosen.Name()} vectors are not accelerated on this machine.", nameof(width));
        Width = chosen;
        _maxDegreeOfParallelism = maxDegreeOfParallelism;
    }

    public string Name => "simd";

    /// <summary>The widest vector this engine runs.</summary>
    public VectorWidth Width { get; }

    public bool Supports(Precision precision) => precision is Precision.F64 or Precision.F32;

    public IReadOnlyList<SymbolResult> Run(
        IReadOnlyList<BarSeries> series, StrategyParameters parameters, Precision precision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        Check(parameters, precision);
        using var panel = BarPanel.Create(series, precision);
        return Run(panel, parameters, cancellationToken);
    }

    public IReadOnlyList<SymbolResult> Run(BarPanel panel, StrategyParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        Check(parameters, panel.Precision);
        return panel switch
        {
            BarPanel<double> d => Run(d, parameters, cancellationToken),
            BarPanel<float> f => Run(f, parameters, cancellationToken),
            _ => throw new ArgumentException($"Unsupported panel type {panel.GetType().Name}.", nameof(panel)),
        };
    }

    /// <summary>
    /// Runs any strategy graph in the fused walk (<see cref="GraphKernel{TL, TV, T, TNodes, TBuy, TSell, TShort, TCover}"/>):
    /// <paramref name="execution"/> gives the capital, fills, fees and protective exits (its S3 fields are not read).
    /// </summary>
    public IReadOnlyList<SymbolResult> Run(BarPanel panel, StrategyGraph graph, StrategyParameters execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(graph);
        Check(execution, panel.Precision);
        if (LaneProgramBuilder.Problem(graph) is { } problem) throw new NotSupportedException(problem);
        if (LaneProgramBuilder.ReadsVolume(graph)) throw new NotSupportedException("The SIMD engine's panel holds no volume: strategies reading volume or obv() do not run on it yet.");
        return panel switch
        {
            BarPanel<double> d => Run(d, graph, execution, cancellationToken),
            BarPanel<float> f => Run(f, graph, execution, cancellationToken),
            _ => throw new ArgumentException($"Unsupported panel type {panel.GetType().Name}.", nameof(panel)),
        };
    }

    private unsafe SymbolResult[] Run<T>(BarPanel<T> panel, StrategyGraph graph, StrategyParameters execution, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var settings = new KernelSettings { Parameters = execution, Precision = panel.Precision };
        var chunks = Chunk.Plan(panel.Symbols, Width, sizeof(T));
        var runners = chunks.Select(c => c.Width).Distinct().ToDictionary(w => w, w => GraphKernels.For<T>(graph, w));
        var results = new SymbolResult[panel.Symbols];
        var next = new int[1];
        int workers = Math.Max(1, Math.Min(chunks.Length, _maxDegreeOfParallelism > 0 ? _maxDegreeOfParallelism : Environment.ProcessorCount));
        ParallelHelper.For(0, workers, new GraphChunkWorker<T>(panel, graph, settings, runners, chunks, results, next, cancellationToken), minimumActionsPerThread: 1);
        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }

    /// <summary>One thread's loop over the chunks of a graph run.</summary>
    private readonly unsafe struct GraphChunkWorker<T>(
        BarPanel<T> panel, StrategyGraph graph, KernelSettings settings, Dictionary<VectorWidth, GraphChunkRunner<T>> runners,
        Chunk[] chunks, SymbolResult[] results, int[] next, CancellationToken cancellationToken)
        : IAction
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Invoke(int worker)
        {
            Span<LaneAccount> accounts = new LaneAccount[Vector512<byte>.Count];
            Span<LaneTotals> totals = new LaneTotals[Vector512<byte>.Count];
            int c;
            while (!cancellationToken.IsCancellationRequested && (c = Interlocked.Increment(ref next[0]) - 1) < chunks.Length)
            {
                var chunk = chunks[c];
                int lanes = chunk.Width.Lanes(sizeof(T));
                var input = ChunkInput<T>.For(panel, chunk, settings, accounts);
                runners[chunk.Width](input, null, graph, settings, accounts, totals);
                for (int i = 0; i < lanes; i++)
                {
                    int lane = chunk.FirstLane + i;
                    results[panel.SourceIndex[lane]] = LaneResult(panel, lane, settings.Parameters, accounts[i], totals[i]);
                }
            }
        }
    }

    private static void Check(StrategyParameters parameters, Precision precision)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var errors = parameters.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(parameters));
        if (KernelSettings.PrecisionProblem(parameters, precision) is { } problem) throw new ArgumentException(problem, nameof(parameters));
    }

    private unsafe SymbolResult[] Run<T>(BarPanel<T> panel, StrategyParameters parameters, CancellationToken cancellationToken)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var settings = new KernelSettings { Parameters = parameters, Precision = panel.Precision };
        var chunks = Chunk.Plan(panel.Symbols, Width, sizeof(T));
        var results = new SymbolResult[panel.Symbols];
        var next = new int[1];
        int workers = Math.Max(1, Math.Min(chunks.Length, _maxDegreeOfParallelism > 0 ? _maxDegreeOfParallelism : Environment.ProcessorCount));
        ParallelHelper.For(0, workers, new ChunkWorker<T>(panel, settings, chunks, results, next, cancellationToken), minimumActionsPerThread: 1);
        cancellationToken.ThrowIfCancellationRequested();
        return results;
    }

    /// <summary>One thread's loop: take the next chunk until none is left (longest lanes come first).</summary>
    private readonly unsafe struct ChunkWorker<T>(
        BarPanel<T> panel, KernelSettings settings, Chunk[] chunks, SymbolResult[] results, int[] next, CancellationToken cancellationToken)
        : IAction
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Invoke(int worker)
        {
            Span<LaneAccount> accounts = new LaneAccount[Vector512<byte>.Count];
            Span<LaneTotals> totals = new LaneTotals[Vector512<byte>.Count];
            int c;
            while (!cancellationToken.IsCancellationRequested && (c = Interlocked.Increment(ref next[0]) - 1) < chunks.Length)
                RunChunk(chunks[c], accounts, totals);
        }

        private void RunChunk(Chunk chunk, Span<LaneAccount> accounts, Span<LaneTotals> totals)
        {
            int lanes = chunk.Width.Lanes(sizeof(T));
            var input = ChunkInput<T>.For(panel, chunk, settings, accounts);
            ChunkKernels.Run(chunk, ChunkPass.Fused, input, settings, default, accounts, totals);
            for (int i = 0; i < lanes; i++)
            {
                int lane = chunk.FirstLane + i;
                results[panel.SourceIndex[lane]] = LaneResult(panel, lane, settings.Parameters, accounts[i], totals[i]);
            }
        }
    }

    /// <summary>A lane's result from its account and totals at the end of the kernel's walk.</summary>
    internal static SymbolResult LaneResult<T>(BarPanel<T> panel, int lane, StrategyParameters parameters, in LaneAccount account, in LaneTotals totals)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int bars = panel.Lengths[lane];
        IReadOnlyList<Simulation.Trade> trades = account.Trades is { } list ? list : [];
        var returns = new ReturnSums(Math.Max(0, bars - 1), totals.SumReturns, totals.SumSquaredReturns, totals.SumSquaredDownside);
        var metrics = PerformanceMetrics.FromSums(
            account.Cash, parameters.Capital, bars, returns, totals.MaxDrawdown, totals.MaxDrawdownPct,
            (int)totals.BarsInMarket, trades, parameters.PeriodsPerYear ?? panel.PeriodsPerYear[lane]);
        return new SymbolResult(panel.SymbolNames[lane], bars, metrics, trades) { UnaffordableEntries = account.UnaffordableEntries };
    }
}
