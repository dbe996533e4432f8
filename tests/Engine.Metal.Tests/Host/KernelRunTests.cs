using Backtest.Engines;
using Backtest.Metal.Host;
using Backtest.Panel;
using Backtest.Strategy;
using Backtest.Tests.Contract;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Metal.Tests.Host;

/// <summary>
/// The host paths of a kernel run through the kernel's C++ build: time chunking (state carried between
/// dispatches), trade-slot overflow and its second pass, parameter grids, and agreement with the SIMD
/// engine's f32 kernel, whose arithmetic the shader mirrors.
/// </summary>
public sealed class KernelRunTests
{
    private static readonly S3Settings Busy = ContractCases.Parameters["next-open-protective-time"];

    private static IReadOnlyList<SymbolResult> Run(KernelRunOptions options, IReadOnlyList<Backtest.Data.BarSeries> series, S3Settings p) =>
        EmulatedEngines.Create(options).Run(series, p, Precision.F32, TestContext.Current.CancellationToken);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(511)]
    [InlineData(513)]
    public void Results_do_not_depend_on_the_chunk_length(int chunkBars)
    {
        var (series, _) = ContractUniverse.Take(40);
        var whole = Run(new KernelRunOptions { ChunkBars = ContractUniverse.MaxBars }, series, Busy);
        var chunked = Run(new KernelRunOptions { ChunkBars = chunkBars }, series, Busy);
        for (int i = 0; i < series.Count; i++)
        {
            Assert.Equal(whole[i].Metrics, chunked[i].Metrics);
            Assert.Equal(whole[i].Trades, chunked[i].Trades);
        }
    }

    [Fact]
    public void Threads_that_overflow_their_trade_slots_are_run_again_and_lose_nothing()
    {
        var (series, _) = ContractUniverse.Take(40);
        var roomy = Run(KernelRunOptions.Default, series, Busy);
        Assert.Contains(roomy, r => r.Trades.Count > 1);
        var cramped = Run(new KernelRunOptions { TradeCapacity = 1, ChunkBars = 300 }, series, Busy);
        for (int i = 0; i < series.Count; i++)
        {
            Assert.Equal(roomy[i].Trades, cramped[i].Trades);
            Assert.Equal(roomy[i].Metrics, cramped[i].Metrics);
        }
    }

    [Fact]
    public void A_grid_of_parameter_sets_gives_each_set_its_own_results()
    {
        var (series, _) = ContractUniverse.Take(17);
        var sets = new[] { "defaults", "close-fill-stops-targets", "long-periods" }.Select(n => ContractCases.Parameters[n]).ToList();
        var engine = EmulatedEngines.Create();
        using var panel = BarPanel<float>.FromSeries(series);
        var grid = engine.RunMany(panel, [.. sets.Select(s => s.ToRun())], TestContext.Current.CancellationToken);
        Assert.Equal(sets.Count, grid.Count);
        for (int s = 0; s < sets.Count; s++)
        {
            var alone = engine.Run(series, sets[s], Precision.F32, TestContext.Current.CancellationToken);
            for (int i = 0; i < series.Count; i++)
            {
                Assert.Equal(alone[i].Metrics, grid[s][i].Metrics);
                Assert.Equal(alone[i].Trades, grid[s][i].Trades);
            }
        }
    }

    [Fact]
    public void An_f64_panel_is_refused_naming_the_precision()
    {
        using var panel = BarPanel<double>.FromSeries([Backtest.Tests.Support.RandomBars.Series("X", 100, 1)]);
        var e = Assert.Throws<ArgumentException>(() => EmulatedEngines.Create().Run(panel, S3Settings.Default, TestContext.Current.CancellationToken));
        Assert.Contains("f32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void F64_is_not_supported()
    {
        var engine = EmulatedEngines.Create();
        Assert.False(engine.Supports(Precision.F64));
        Assert.Throws<NotSupportedException>(() => engine.Run([], S3Settings.Default, Precision.F64, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_cancelled_run_stops()
    {
        var (series, _) = ContractUniverse.Take(17);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => EmulatedEngines.Create().Run(series, Busy, Precision.F32, cancel.Token));
    }
}
