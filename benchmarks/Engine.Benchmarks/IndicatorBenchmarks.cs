using BenchmarkDotNet.Attributes;
using Backtest.Benchmarking;
using Backtest.Data;
using Backtest.Indicators;
using Backtest.Panel;
using CommunityToolkit.HighPerformance;

namespace Backtest.Benchmarks;

/// <summary>
/// Each indicator alone over the whole panel (PanelIndicators: one row of all symbols at a time with
/// TensorPrimitives) beside the scalar reference of the same indicator per series, which is the
/// baseline. The fused kernel computes all five and the backtest in one pass; EngineBenchmarks times it.
/// </summary>
[MemoryDiagnoser]
public class IndicatorBenchmarks
{
    private BarSeries[] _series = [];
    private BarPanel<double>? _f64;
    private BarPanel<float>? _f32;
    private double[] _out64 = [], _second64 = [];
    private float[] _out32 = [], _second32 = [];

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
        _out64 = new double[(long)Bars * Symbols];
        _second64 = new double[(long)Bars * Symbols];
        _out32 = new float[(long)Bars * Symbols];
        _second32 = new float[(long)Bars * Symbols];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _f64?.Dispose();
        _f32?.Dispose();
    }

    private Span2D<double> Out64 => new(_out64, Bars, Symbols);

    private Span2D<double> Second64 => new(_second64, Bars, Symbols);

    private Span2D<float> Out32 => new(_out32, Bars, Symbols);

    private Span2D<float> Second32 => new(_second32, Bars, Symbols);

    [Benchmark(Baseline = true)]
    public double ReferenceSma_f64()
    {
        double last = 0;
        foreach (var s in _series) last += Sma.Compute(s.Close, 20)[^1];
        return last;
    }

    [Benchmark]
    public double PanelSma_f64() { PanelIndicators.Sma(_f64!, 20, Out64); return _out64[^1]; }

    [Benchmark]
    public float PanelSma_f32() { PanelIndicators.Sma(_f32!, 20, Out32); return _out32[^1]; }

    [Benchmark]
    public double PanelEma_f64() { PanelIndicators.Ema(_f64!, 20, Out64); return _out64[^1]; }

    [Benchmark]
    public float PanelEma_f32() { PanelIndicators.Ema(_f32!, 20, Out32); return _out32[^1]; }

    [Benchmark]
    public double PanelRsi_f64() { PanelIndicators.Rsi(_f64!, 14, Out64); return _out64[^1]; }

    [Benchmark]
    public float PanelRsi_f32() { PanelIndicators.Rsi(_f32!, 14, Out32); return _out32[^1]; }

    [Benchmark]
    public double PanelBollinger_f64() { PanelIndicators.Bollinger(_f64!, 20, 2, Out64, Second64); return _out64[^1]; }

    [Benchmark]
    public float PanelBollinger_f32() { PanelIndicators.Bollinger(_f32!, 20, 2, Out32, Second32); return _out32[^1]; }

    [Benchmark]
    public double PanelMacd_f64() { PanelIndicators.Macd(_f64!, 12, 26, 9, Out64, Second64); return _second64[^1]; }

    [Benchmark]
    public float PanelMacd_f32() { PanelIndicators.Macd(_f32!, 12, 26, 9, Out32, Second32); return _second32[^1]; }
}
