using BenchmarkDotNet.Attributes;
using Backtest.Benchmarking;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Benchmarks;

/// <summary>
/// The engines on issue 3's workload: the S3 defaults, next-open fills, 1,000 symbols x 16,380 one-minute
/// bars held in memory (the synthetic universe). The reference engine is the baseline.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private BarSeries[] _series = [];
    private BarPanel<double>? _f64;
    private BarPanel<float>? _f32;
    private readonly SimdEngine _simd = new();
    private readonly ReferenceEngine _reference = new();

    // 1,000 is not a multiple of 16 (f32 vectors of 512 bits): the narrower tail runs too.
    [Params(1000)]
    public int Symbols { get; set; }

    [Params(16380)]
    public int Bars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _series = [.. Enumerable.Range(0, Symbols).Select(i => SyntheticPanels.Series(Symbols, Bars, i))];
        _f64 = BarPanel<double>.FromSeries(_series);
        _f32 = BarPanel<float>.FromSeries(_series);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _f64?.Dispose();
        _f32?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public IReadOnlyList<SymbolResult> Reference_f64() => _reference.Run(_series, S3Strategy.Instance(), StrategyParameters.Default, Precision.F64);

    [Benchmark]
    public IReadOnlyList<SymbolResult> Simd_f64() => _simd.Run(_f64!, S3Strategy.Instance(), StrategyParameters.Default);

    [Benchmark]
    public IReadOnlyList<SymbolResult> Simd_f32() => _simd.Run(_f32!, S3Strategy.Instance(), StrategyParameters.Default);
}
