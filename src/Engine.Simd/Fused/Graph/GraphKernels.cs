using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text;
using Backtest.Lanes;
using Backtest.Simulation;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;

namespace Backtest.Fused.Graph;

/// <summary>Runs one chunk of lanes with the graph kernel closed over a strategy (see <see cref="GraphKernels.For{T}"/>).</summary>
internal unsafe delegate void GraphChunkRunner<T>(
    in ChunkInput<T> input, T* volume, ReadOnlySpan<nint> records, StrategyGraph graph, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>;

/// <summary>As <see cref="GraphChunkRunner{T}"/>, handing every bar's node values to <paramref name="probe"/> (tests).</summary>
internal unsafe delegate void GraphChunkProbeRunner<T, TProbe>(
    in ChunkInput<T> input, T* volume, ReadOnlySpan<nint> records, StrategyGraph graph, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals, ref TProbe probe)
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TProbe : struct;

/// <summary>
/// The graph kernel of a strategy for a vector width: <see cref="GraphKernel{TL, TV, T, TNodes, TBuy, TSell, TShort, TCover}"/>
/// closed over the strategy's composed type (<see cref="LaneProgramBuilder"/>). The JIT compiles it once per strategy
/// shape and width; the delegates are kept per graph.
/// </summary>
internal static class GraphKernels
{
    /// <summary>
    /// Runners by graph shape: the composed type reads every period and constant from the graph when it opens, so graphs
    /// that differ only in those (a grid's combinations) share one runner, composed and compiled once.
    /// </summary>
    private static readonly ConcurrentDictionary<(int Shape, VectorWidth Width, Type Element, Type? Probe, string? Sharing), Delegate> Cache = new();

    /// <summary>Each graph's shape number (<see cref="ShapeOf"/>), found once per graph; shapes numbered in the order met.</summary>
    private static readonly ConditionalWeakTable<StrategyGraph, object> Shapes = new();

    private static readonly ConcurrentDictionary<string, int> ShapeNumbers = new(StringComparer.Ordinal);

    /// <summary>The runner of <paramref name="graph"/>'s chunks of <paramref name="width"/> in <typeparamref name="T"/>.</summary>
    /// <param name="sharing">Null, or the nodes the walk reads from records and records (a grid's tile, <see cref="NodeSharing"/>).</param>
    public static GraphChunkRunner<T> For<T>(StrategyGraph graph, VectorWidth width, NodeSharing? sharing = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        return (GraphChunkRunner<T>)Cache.GetOrAdd((ShapeOf(graph), width, typeof(T), null, sharing?.Signature), key =>
            RunMethod(graph, key.Width, typeof(T), sharing, probed: false).CreateDelegate<GraphChunkRunner<T>>());
    }

    /// <summary>The runner with a probe of the node values and equity: <typeparamref name="TProbe"/> must be an <see cref="IWalkProbe{TV}"/> of the width's vector.</summary>
    public static GraphChunkProbeRunner<T, TProbe> Probed<T, TProbe>(StrategyGraph graph, VectorWidth width, NodeSharing? sharing = null)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        where TProbe : struct
    {
        return (GraphChunkProbeRunner<T, TProbe>)Cache.GetOrAdd((ShapeOf(graph), width, typeof(T), typeof(TProbe), sharing?.Signature), key =>
            RunMethod(graph, key.Width, typeof(T), sharing, probed: true).MakeGenericMethod(typeof(TProbe)).CreateDelegate<GraphChunkProbeRunner<T, TProbe>>());
    }

    /// <summary>
    /// Compiles the walks of the kernels <paramref name="uses"/> will run (each strategy shape, width and sharing once)
    /// before their first run, as many at a time as <paramref name="threads"/>. The JIT compiles a method once and holds
    /// every other thread that calls it until it is done, so workers that start on the same kernels otherwise compile
    /// them one after another while the other cores wait (most of a short grid's time).
    /// </summary>
    public static void Prepare<T>(IEnumerable<(StrategyGraph Graph, VectorWidth Width, NodeSharing? Sharing)> uses, int threads)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var kernels = uses
            .DistinctBy(u => (ShapeOf(u.Graph), u.Width, u.Sharing?.Signature))
            .Select(u => (Kernel: KernelType(u.Graph, u.Width, typeof(T), u.Sharing), u.Width))
            .ToArray();
        if (kernels.Length == 0) return;
        Parallel.ForEach(kernels, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, k => PrepareWalks(k.Kernel, k.Width, typeof(T)));
    }

    /// <summary>The node walks (warm-up and steady), the event pass and the account walk of a kernel, as a normal run calls them.</summary>
    private static void PrepareWalks(Type kernel, VectorWidth width, Type element)
    {
        var (lanes, vector) = LaneTypes(width, element);
        Type probe = typeof(NoWalkProbe<>).MakeGenericType(vector);
        Type[] kernelArguments = kernel.GetGenericArguments();
        var walk = kernel.GetMethod("Walk", BindingFlags.NonPublic | BindingFlags.Static)!;
        foreach (var phase in new[] { typeof(GraphKernel<,,,,,,,>.WarmUp), typeof(GraphKernel<,,,,,,,>.Steady) })
            RuntimeHelpers.PrepareMethod(walk.MakeGenericMethod(probe, phase.MakeGenericType(kernelArguments)).MethodHandle);
        var account = typeof(GraphAccount<,,>).MakeGenericType(lanes, vector, element);
        var accountWalk = account.GetMethod("Walk", BindingFlags.NonPublic | BindingFlags.Static)!;
        RuntimeHelpers.PrepareMethod(accountWalk.MakeGenericMethod(probe).MethodHandle);
        RuntimeHelpers.PrepareMethod(typeof(LaneEventPass<,,>).MakeGenericType(lanes, vector, element).GetMethod("Play")!.MethodHandle);
    }

    /// <summary>
    /// What the composition of <paramref name="graph"/> depends on: each node's op, type and operands, whether its period
    /// is above 1 and its constant zero (<see cref="LaneProgramBuilder"/> decides on those), and the rules.
    /// </summary>
    internal static int ShapeOf(StrategyGraph graph) => (int)Shapes.GetValue(graph, g =>
    {
        var text = new StringBuilder();
        foreach (var n in g.Nodes)
            text.Append(CultureInfo.InvariantCulture, $"{n.Op}:{n.Kind}:{n.In0}:{n.In1}:{n.In2}:{(n.Period > 1 ? 'p' : '1')}:{(n.Value == 0 ? '0' : 'v')};");
        var r = g.Rules;
        string shape = text.Append(CultureInfo.InvariantCulture, $"{r.Buy}:{r.Sell}:{r.Short}:{r.Cover}").ToString();
        // A number rather than the text: the runner cache is looked up for every chunk of every combination of a grid.
        return ShapeNumbers.GetOrAdd(shape, _ => ShapeNumbers.Count);
    });

    /// <summary>The kernel's Run: the plain one, or the one generic over its probe.</summary>
    private static MethodInfo RunMethod(StrategyGraph graph, VectorWidth width, Type element, NodeSharing? sharing, bool probed) =>
        KernelType(graph, width, element, sharing).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == "Run" && m.IsGenericMethodDefinition == probed);

    /// <summary>The closed kernel type (tests reach its walk and its probe overload through it).</summary>
    public static Type KernelType(StrategyGraph graph, VectorWidth width, Type element, NodeSharing? sharing = null)
    {
        var (lanes, vector) = LaneTypes(width, element);
        Type nodes = LaneProgramBuilder.Compose(graph, lanes, vector, element, sharing);
        return typeof(GraphKernel<,,,,,,,>).MakeGenericType([lanes, vector, element, nodes, .. LaneProgramBuilder.Rules(graph, sharing)]);
    }

    /// <summary>The <see cref="ISimdLanes{TV, T}"/> implementation and its vector type for a width.</summary>
    public static (Type Lanes, Type Vector) LaneTypes(VectorWidth width, Type element) => width switch
    {
        VectorWidth.Bits512 => (typeof(Lanes512<>).MakeGenericType(element), typeof(Vector512<>).MakeGenericType(element)),
        VectorWidth.Bits256 => (typeof(Lanes256<>).MakeGenericType(element), typeof(Vector256<>).MakeGenericType(element)),
        VectorWidth.Bits128 => (typeof(Lanes128<>).MakeGenericType(element), typeof(Vector128<>).MakeGenericType(element)),
        _ => (typeof(ScalarLane<>).MakeGenericType(element), element),
    };
}
