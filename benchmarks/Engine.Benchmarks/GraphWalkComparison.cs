using System.Diagnostics;
using System.Globalization;
using Backtest.Benchmarking;
using Backtest.Engines;
using Backtest.Panel;
using Backtest.Strategies.Graph;
using Backtest.Strategy;

namespace Backtest.Benchmarks;

/// <summary>
/// The graph walk on the S3 graph beside each example strategy, f64 and f32, on the synthetic universe in one process,
/// with and without its decisions. The cases take turns every repetition, so that a noisy neighbour slows all of them
/// alike; each reports its best and median bars/s and its ratio to s3's. (The hand-fused S3 kernel the walk replaced is
/// measured from a build of a commit that still has it, 431f744 or earlier.)
/// </summary>
/// <remarks>dotnet run -c Release --project benchmarks/Engine.Benchmarks -- graph-walk [symbols] [bars] [reps] [case filter]</remarks>
public static class GraphWalkComparison
{
    /// <summary>The graph's nodes with a false constant as its only rule: every node is computed, no lane ever trades.</summary>
    private static StrategyGraph WithoutDecisions(StrategyGraph graph)
    {
        var nodes = graph.Nodes.Append(new GraphNode(NodeOp.Constant, ValueKind.Bool)).ToArray();
        return new StrategyGraph(nodes, new StrategyRules(nodes.Length - 1, -1, -1, -1));
    }

    public static void Run(string[] args)
    {
        int symbols = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        int bars = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16380;
        int reps = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        // An optional fifth argument keeps only the cases whose name contains it (s3's walk always runs: the ratios are to it).
        string? only = args.Length > 4 ? args[4] : null;
        var engine = new SimdEngine();
        var p = StrategyParameters.Default;
        Console.WriteLine($"{symbols:N0} symbols x {bars:N0} bars, {reps} repetitions, {engine.Width}, {Environment.ProcessorCount} threads");
        foreach (var precision in new[] { Precision.F64, Precision.F32 })
        {
            using BarPanel panel = precision == Precision.F64 ? SyntheticPanels.Create<double>(symbols, bars) : SyntheticPanels.Create<float>(symbols, bars);
            var s3 = ExampleGraphs.S3();
            var cases = new List<(string Name, Func<IReadOnlyList<SymbolResult>> Run)> { ("graph s3", () => engine.Run(panel, s3, p)) };
            foreach (string name in ExampleGraphs.Names.Where(n => n != "s3"))
            {
                var graph = ExampleGraphs.ByName(name);
                cases.Add(($"graph {name}", () => engine.Run(panel, graph, p)));
            }
            cases.Add(("s3 threshold 100", () => engine.Run(panel, ExampleGraphs.S3(new Dictionary<string, double> { ["threshold"] = 100 }), p)));
            // The same nodes with rules that never hold: the walk's own speed, without the event path's.
            foreach (string name in ExampleGraphs.Names)
            {
                var quiet = WithoutDecisions(ExampleGraphs.ByName(name));
                cases.Add(($"{name} (no decisions)", () => engine.Run(panel, quiet, p)));
            }
            if (only is not null) cases = [cases[0], .. cases.Skip(1).Where(c => c.Name.Contains(only, StringComparison.Ordinal))];
            var times = cases.Select(_ => new List<double>()).ToArray();
            // CPU seconds of the process (every thread) per run: unlike wall time, not lengthened by other processes' turns on a shared machine.
            var cpu = cases.Select(_ => new List<double>()).ToArray();
            using var process = Process.GetCurrentProcess();
            // JIT and warm-up; the trades say how often each strategy's lanes leave the vector loop for the event path.
            var trades = cases.Select(c => c.Run().Sum(r => r.Trades.Count)).ToArray();
            for (int r = 0; r < reps; r++)
            {
                for (int i = 0; i < cases.Count; i++)
                {
                    process.Refresh();
                    var cpuBefore = process.TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    cases[i].Run();
                    times[i].Add(watch.Elapsed.TotalSeconds);
                    process.Refresh();
                    cpu[i].Add((process.TotalProcessorTime - cpuBefore).TotalSeconds);
                }
            }
            double total = (double)symbols * bars;
            double s3Best = total / times[0].Min(), s3Cpu = total / cpu[0].Min();
            Console.WriteLine($"{precision}: case, best M bars/s, median M bars/s, best / s3's best, M bars per CPU-second (best), its ratio to s3's, trades");
            for (int i = 0; i < cases.Count; i++)
            {
                var sorted = times[i].Order().ToList();
                double best = total / sorted[0], median = total / sorted[sorted.Count / 2];
                double perCpu = total / cpu[i].Min();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {cases[i].Name,-26} {best / 1e6,8:F0} {median / 1e6,8:F0} {best / s3Best,6:F2} {perCpu / 1e6,8:F0} {perCpu / s3Cpu,6:F2} {trades[i],9:N0}"));
            }
        }
    }
}
