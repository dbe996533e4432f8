using BenchmarkDotNet.Running;
using Backtest.Benchmarks;

// dotnet run -c Release --project benchmarks/Engine.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(args, BenchConfig.Create());
