using BenchmarkDotNet.Running;
using Backtest.Benchmarks;

// dotnet run -c Release --project benchmarks/Engine.Benchmarks -- --filter '*'
// dotnet run -c Release --project benchmarks/Engine.Benchmarks -- graph-walk [symbols] [bars] [reps]
if (args.Length > 0 && args[0] == "graph-walk") GraphWalkComparison.Run(args);
else BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
