using Backtest.Engines;
using Backtest.Panel;
using Backtest.Strategies.Lanes;
using Backtest.Strategies.Library;
using Backtest.Strategy;
using Backtest.Tests.Strategies;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Contract;

/// <summary>What SimdEngine takes and refuses now that every strategy runs through the graph walk.</summary>
public sealed class SimdEngineStrategyTests
{
    [Fact]
    public void Every_built_in_can_run()
    {
        var engine = new SimdEngine();
        foreach (var definition in StrategyLibrary.All)
            Assert.Null(engine.CannotRun(definition.Instantiate()));
    }

    [Fact]
    public void A_strategy_reading_volume_needs_a_panel_with_volume_and_then_trades_as_the_reference()
    {
        var random = new RandomStrategies(seed: 42);
        var graph = random.Next(out _);
        while (!LaneProgramBuilder.ReadsVolume(graph)) graph = random.Next(out _);
        var series = RandomBars.Universe(9, 400, seed: 3);
        var p = StrategyParameters.Default;
        var engine = new SimdEngine();
        var ct = TestContext.Current.CancellationToken;
        using (var bare = BarPanel.Create(series, Precision.F64))
        {
            Assert.False(bare.HasVolume);
            Assert.Throws<ArgumentException>(() => engine.Run(bare, graph, p, ct));
        }
        using var panel = BarPanel.Create(series, Precision.F64, withVolume: true);
        Assert.True(panel.HasVolume);
        var actual = engine.Run(panel, graph, p, ct);
        for (int i = 0; i < series.Count; i++)
            Agreement.Same(ReferenceEngine.RunSymbol(series[i], graph, p), actual[i], series[i].Symbol);
    }
}
