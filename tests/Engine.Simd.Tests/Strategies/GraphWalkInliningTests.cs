using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using Backtest.Benchmarking;
using Backtest.Engines;
using Backtest.Panel;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Strategies;

/// <summary>
/// The graph walk is only fast while the whole strategy is inlined into its loop: one call left there (a node step the
/// JIT declined, for its budget, its locals limit or a recursion check) makes the JIT keep every vector live across it
/// on the stack. This test asks the JIT itself: a child process runs the example strategies with
/// DOTNET_JitDisasm=Walk and the steady walk's listing must call no managed method (the runtime helpers it may call,
/// a stack probe and the copy of the state in and out, sit outside the loop).
/// </summary>
public partial class GraphWalkInliningTests
{
    /// <summary>Compiles every example strategy's walks, f64 and f32: the child process's work (cheap on its own).</summary>
    [Fact]
    public void Jit_the_steady_walks()
    {
        using var f64 = SyntheticPanels.Create<double>(16, 700, cancellationToken: TestContext.Current.CancellationToken);
        using var f32 = SyntheticPanels.Create<float>(16, 700, cancellationToken: TestContext.Current.CancellationToken);
        var engine = new SimdEngine();
        foreach (string name in ExampleGraphs.Names)
        {
            var graph = ExampleGraphs.ByName(name);
            Assert.Equal(16, engine.Run(f64, graph, StrategyParameters.Default, TestContext.Current.CancellationToken).Count);
            Assert.Equal(16, engine.Run(f32, graph, StrategyParameters.Default, TestContext.Current.CancellationToken).Count);
        }
    }

    [Fact]
    public void Steady_walks_hold_no_call()
    {
        if (typeof(SimdEngine).Assembly.GetCustomAttribute<DebuggableAttribute>()?.IsJITOptimizerDisabled == true)
            Assert.Skip("Engine.Simd is a Debug build, which the JIT does not optimize: run with -c Release (.ci/run does).");

        string listing = Path.Combine(Path.GetTempPath(), $"bt-walk-jit-{Environment.ProcessId}.txt");
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(typeof(GraphWalkInliningTests).Assembly.Location);
            start.ArgumentList.Add("-method");
            start.ArgumentList.Add($"{typeof(GraphWalkInliningTests).FullName}.{nameof(Jit_the_steady_walks)}");
            start.Environment["DOTNET_JitDisasm"] = "Walk";
            start.Environment["DOTNET_JitStdOutFile"] = listing;
            using var child = Process.Start(start)!;
            string output = child.StandardOutput.ReadToEnd() + child.StandardError.ReadToEnd();
            child.WaitForExit();
            Assert.True(child.ExitCode == 0, $"the child run failed:\n{output}");

            var walks = Regex.Split(File.ReadAllText(listing), "(?=; Assembly listing for method )")
                .Where(w => w.Contains("GraphKernel", StringComparison.Ordinal) && w.Contains("+Steady", StringComparison.Ordinal))
                .ToList();
            Assert.True(walks.Count >= 2 * 7, $"expected the steady walks of 7 strategies in f64 and f32, found {walks.Count}");
            foreach (string walk in walks)
            {
                var calls = CallLine().Matches(walk).Select(m => m.Value.Trim()).Where(c => !c.Contains("CORINFO_HELP_", StringComparison.Ordinal)).ToList();
                Assert.True(calls.Count == 0, $"a steady walk calls {calls.Count} method(s), first {calls.FirstOrDefault()}\nin {walk[..Math.Min(walk.Length, 600)]}");
            }
        }
        finally
        {
            File.Delete(listing);
        }
    }

    [GeneratedRegex(@"^\s+call\s+.*$", RegexOptions.Multiline)]
    private static partial Regex CallLine();
}
