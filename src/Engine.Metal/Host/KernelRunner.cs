using Backtest.Engines;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Metal.Host;

/// <summary>
/// A run of the backtest kernel over a panel on any <see cref="IKernelBackend"/>: packs the parameter sets,
/// opens one account per thread (thread t = set · symbols + lane), dispatches the time chunks in order,
/// decodes every thread's state and trades, and runs again, with exactly the slots they need, the threads
/// whose trades overflowed their slots.
/// </summary>
public static unsafe class KernelRunner
{
    /// <summary>Results per parameter set, each in the order of the series the panel was built from.</summary>
    public static SymbolResult[][] Run(
        IKernelBackend backend, BarPanel<float> panel, IReadOnlyList<S3Run> sets, KernelRunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(sets);
        ArgumentNullException.ThrowIfNull(options);

        int symbols = panel.Symbols;
        var results = new SymbolResult[sets.Count][];
        for (int i = 0; i < sets.Count; i++) results[i] = new SymbolResult[symbols];
        if (symbols == 0 || sets.Count == 0) return results;

        long threads = (long)sets.Count * symbols;
        if (threads > int.MaxValue)
            throw new ArgumentException($"{sets.Count:N0} parameter sets x {symbols:N0} symbols is more threads than one run takes ({int.MaxValue:N0}).", nameof(sets));
        // The kernel indexes the panel with 32-bit offsets.
        if ((long)(panel.Bars + 1) * panel.Stride > uint.MaxValue)
            throw new ArgumentException($"A panel of {panel.Bars:N0} bars x {panel.Stride:N0} lanes is too large for the kernel's 32-bit offsets; split the symbols into batches.", nameof(panel));

        var packed = new KernelParams[sets.Count];
        for (int i = 0; i < sets.Count; i++) packed[i] = KernelParams.From(sets[i]);
        using var parameters = NativeBlock.Allocate((long)sizeof(KernelParams) * packed.Length);
        packed.CopyTo(new Span<KernelParams>(parameters.Pointer, packed.Length));

        var run = new Pass(backend, panel, sets, packed, parameters, options, results, cancellationToken);
        int capacity = options.TradeCapacity ?? TradeCapacity.For(panel.Bars, threads);
        var overflowed = run.Execute(null, (int)threads, capacity);
        if (overflowed.Count > 0)
        {
            // Deterministic: the same threads close the same trades again, now with room for all of them.
            int needed = (int)overflowed.Max(o => o.Trades);
            var again = run.Execute([.. overflowed.Select(o => o.Index)], overflowed.Count, needed);
            if (again.Count > 0)
                throw new InvalidOperationException($"{again.Count} threads overflowed {needed} trade slots on a second pass; the kernel is not deterministic.");
        }
        return results;
    }

    private sealed class Pass(
        IKernelBackend backend, BarPanel<float> panel, IReadOnlyList<S3Run> sets, KernelParams[] packed, NativeBlock parameters,
        KernelRunOptions options, SymbolResult[][] results, CancellationToken cancellationToken)
    {
        /// <summary>Runs <paramref name="threads"/> threads (thread ids from <paramref name="map"/>, or all) and decodes them; returns those that overflowed.</summary>
        public List<(uint Index, uint Trades)> Execute(uint[]? map, int threads, int capacity)
        {
            int symbols = panel.Symbols;
            if ((long)threads * capacity > int.MaxValue)
                throw new ArgumentException($"{threads:N0} threads x {capacity:N0} trade slots is more than one trade buffer holds.");

            using var states = NativeBlock.Allocate((long)threads * sizeof(KernelThreadState));
            using var trades = NativeBlock.Allocate((long)threads * capacity * sizeof(TradeRecord));
            using var threadMap = NativeBlock.Allocate(sizeof(uint) * (long)Math.Max(1, map?.Length ?? 0));
            using var lanes = LaneInfo.For(panel);
            map?.CopyTo(new Span<uint>(threadMap.Pointer, map.Length));

            var state = new Span<KernelThreadState>(states.Pointer, threads);
            var lengths = panel.Lengths;
            for (int id = 0; id < threads; id++)
            {
                uint index = map?[id] ?? (uint)id;
                int set = (int)(index / (uint)symbols), lane = (int)(index % (uint)symbols);
                state[id] = KernelThreadState.Open(sets[set].Execution.Capital, lengths[lane] - 1, packed[set].Warmup);
            }

            var buffers = new KernelBuffers
            {
                Parameters = parameters,
                Open = panel.Block(PanelField.Open),
                High = panel.Block(PanelField.High),
                Low = panel.Block(PanelField.Low),
                Close = panel.Block(PanelField.Close),
                States = states,
                Trades = trades,
                ThreadMap = threadMap,
                Lanes = lanes,
            };
            var plan = ThreadgroupPlan.For(threads, backend.ThreadExecutionWidth, backend.MaxThreadsPerThreadgroup);
            int firstBar = packed.Min(p => p.Warmup);
            var chunks = TimeChunk.Plan(firstBar, panel.Bars - 1, threads, options.ChunkBars, options.ThreadBarsPerChunk);
            using (var binding = backend.Bind(buffers))
            {
                foreach (var chunk in chunks)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var args = new ChunkArgs
                    {
                        Threads = (uint)threads,
                        Symbols = (uint)symbols,
                        Stride = (uint)panel.Stride,
                        FirstBar = (uint)chunk.Start,
                        EndBar = (uint)chunk.End,
                        TradeCapacity = (uint)capacity,
                        Mapped = map is null ? 0u : 1u,
                        ParameterSets = (uint)sets.Count,
                    };
                    binding.Dispatch(args, plan);
                }
            }

            var overflowed = new List<(uint Index, uint Trades)>();
            var slots = new ReadOnlySpan<TradeRecord>(trades.Pointer, threads * capacity);
            for (int id = 0; id < threads; id++)
            {
                uint index = map?[id] ?? (uint)id;
                int set = (int)(index / (uint)symbols), lane = (int)(index % (uint)symbols);
                ref readonly var s = ref state[id];
                if (s.Trades > capacity)
                {
                    overflowed.Add((index, s.Trades));
                    continue;
                }
                results[set][panel.SourceIndex[lane]] = ResultDecoder.Decode(
                    s, slots.Slice(id * capacity, capacity), sets[set].Execution, panel.SymbolNames[lane], lengths[lane], panel.PeriodsPerYear[lane], panel.SeriesSpans[lane]);
            }
            return overflowed;
        }
    }
}
