using Backtest.Strategies.Language;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Metal.Tests.Selection;

public sealed class EngineChooserTests
{
    /// <summary>An engine that only has a name and precisions.</summary>
    private sealed class Named(string name, params Precision[] precisions) : IBacktestEngine
    {
        public string Name => name;

        public bool Supports(Precision precision) => precisions.Contains(precision);

        /// <summary>Metal's kernel runs s3 alone (its real CannotRun says so too).</summary>
        public string? CannotRun(StrategyInstance strategy) =>
            name.StartsWith("metal", StringComparison.Ordinal) && !S3Strategy.Is(strategy) ? $"{name} runs s3 only" : null;

        public IReadOnlyList<SymbolResult> Run(IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters parameters, Precision precision, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }

    private static readonly IBacktestEngine Metal = new Named("metal", Precision.F32);
    private static readonly IBacktestEngine Simd = new Named("simd", Precision.F32, Precision.F64);
    private static readonly IBacktestEngine Reference = new Named("reference", Precision.F64);
    private static readonly IBacktestEngine Emulated = new Named("metal-emulated", Precision.F32);

    private static readonly StrategyInstance S3 = S3Strategy.Instance();
    private static readonly StrategyInstance SmaCross = Backtest.Strategies.Library.StrategyLibrary.Find("sma_cross")!.Instantiate();

    private const int Many = EngineChooser.MetalMinimumSymbols;
    private const long Lots = EngineChooser.MetalMinimumBars;

    [Fact]
    public void A_large_f32_workload_goes_to_metal()
    {
        var choice = EngineChooser.Choose([Reference, Simd, Metal], Precision.F32, S3, 5_000, 117_000_000, null)!;
        Assert.Same(Metal, choice.Engine);
        Assert.Equal("5,000 symbols and 117,000,000 bars are enough to pay for the GPU", choice.Reason);
    }

    [Theory]
    [InlineData(Many - 1, Lots)]
    [InlineData(Many, Lots - 1)]
    public void A_small_workload_stays_on_the_cpu(int symbols, long bars)
    {
        var choice = EngineChooser.Choose([Reference, Simd, Metal], Precision.F32, S3, symbols, bars, null)!;
        Assert.Same(Simd, choice.Engine);
        Assert.Contains("too few to pay for the GPU", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void F64_never_goes_to_metal()
    {
        var choice = EngineChooser.Choose([Reference, Simd, Metal], Precision.F64, S3, 10_000, 1_000_000_000, null)!;
        Assert.Same(Simd, choice.Engine);
        Assert.Equal("metal computes in f32 only and this run is f64", choice.Reason);
    }

    [Fact]
    public void Where_metal_cannot_run_the_reason_is_passed_on()
    {
        var choice = EngineChooser.Choose([Reference, Simd], Precision.F32, S3, 10_000, 1_000_000_000, "it needs macOS on Apple silicon")!;
        Assert.Same(Simd, choice.Engine);
        Assert.Equal("metal cannot run here (it needs macOS on Apple silicon)", choice.Reason);
    }

    [Fact]
    public void Without_simd_the_reference_is_next()
    {
        var choice = EngineChooser.Choose([Reference, Emulated], Precision.F64, S3, 10, 1000, null)!;
        Assert.Same(Reference, choice.Engine);
        Assert.Equal("metal is not in this build", choice.Reason);
    }

    [Fact]
    public void The_emulated_engine_is_never_chosen()
    {
        Assert.Null(EngineChooser.Choose([Reference, Emulated], Precision.F32, S3, 10_000, 1_000_000_000, "no GPU"));
        Assert.Equal(
            "--engine auto has no engine of this build that runs the strategy s3 in f32 (available: reference, metal-emulated).",
            EngineChooser.Check([Reference, Emulated], Precision.F32, S3));
        Assert.Null(EngineChooser.Check([Reference, Emulated], Precision.F64, S3));
    }

    [Fact]
    public void A_strategy_metal_cannot_run_stays_on_the_cpu_with_metals_reason()
    {
        var choice = EngineChooser.Choose([Reference, Simd, Metal], Precision.F32, SmaCross, 5_000, 117_000_000, null)!;
        Assert.Same(Simd, choice.Engine);
        Assert.Equal("metal runs s3 only", choice.Reason);
        Assert.Null(EngineChooser.Check([Reference, Simd, Metal], Precision.F32, SmaCross));
        Assert.NotNull(EngineChooser.Check([Reference, Metal], Precision.F32, SmaCross));
    }

    [Theory]
    [InlineData("auto", true)]
    [InlineData("AUTO", true)]
    [InlineData("simd", false)]
    public void Auto_is_recognised_in_any_case(string name, bool auto) => Assert.Equal(auto, EngineChooser.IsAuto(name));
}
