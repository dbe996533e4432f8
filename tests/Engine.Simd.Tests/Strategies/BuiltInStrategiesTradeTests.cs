using Backtest.Data;
using Backtest.Engines;
using Backtest.Simulation;
using Backtest.Strategies.Library;
using Backtest.Strategy;
using Xunit;

namespace Backtest.Tests.Strategies;

/// <summary>
/// Every built-in strategy, with its defaults, trades on real 1-minute bars (shared/data/intraday): a library whose
/// rules never fire would pass every agreement test. The shorts of the strategies that go short are taken too.
/// </summary>
public sealed class BuiltInStrategiesTradeTests
{
    public static TheoryData<string> Names() => [.. StrategyLibrary.Names];

    private static readonly Lazy<BarSeries[]> Minutes = new(() =>
        [.. new[] { "AZO", "CPAY", "FICO" }.Select(symbol =>
            Assert.Single(BarLoader.Load(new LoadRequest { Path = SharedData.Data("intraday", "blaizard_sp500_1m_2024", symbol + ".csv") }).Series))]);

    [Theory]
    [MemberData(nameof(Names))]
    public void Trades_on_real_minute_bars_with_its_defaults(string name)
    {
        var definition = StrategyLibrary.Find(name)!;
        var strategy = definition.Instantiate();
        var results = new ReferenceEngine().Run(Minutes.Value, strategy, StrategyParameters.Default, Precision.F64, TestContext.Current.CancellationToken);
        var trades = results.SelectMany(r => r.Trades).ToList();
        Assert.True(trades.Count >= 10, $"{name}: {trades.Count} trades on {Minutes.Value.Sum(s => s.Count):N0} minute bars");
        if (definition.GoesLong) Assert.Contains(trades, t => t.Side == TradeSide.Long);
        if (definition.GoesShort) Assert.Contains(trades, t => t.Side == TradeSide.Short);
        else Assert.DoesNotContain(trades, t => t.Side == TradeSide.Short);
    }
}
