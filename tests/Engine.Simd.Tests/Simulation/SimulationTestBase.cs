using Backtest.Data;
using Backtest.Simulation;
using Backtest.Strategy;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Simulation;

/// <summary>
/// Shared set-up of the hand-worked rule tests: threshold 0, so a score of +1 is a buy signal, −1 a sell
/// signal and 0 nothing; capital 1,000, all-in (position_size 1), no fees, no slippage unless a test says so.
/// </summary>
public abstract class SimulationTestBase
{
    protected static StrategyParameters Params(FillMode fill) => new()
    {
        Capital = 1000,
        PositionSize = 1,
        FeeFixed = 0,
        FeeBps = 0,
        SlippageBps = 0,
        Fill = fill,
    };

    protected static SimulationOutcome Run(BarSeries bars, int[] scores, StrategyParameters p, int firstDecisionBar = 0)
    {
        Assert.Equal(bars.Count, scores.Length);
        // A score as S3's rules read it with a threshold of 0 (long only): enter above 0, exit below 0.
        var rules = scores.Select(score => score > 0 ? RuleSignals.Buy : score < 0 ? RuleSignals.Sell : RuleSignals.None).ToArray();
        return ReferenceSimulator.Run(bars, rules, firstDecisionBar, p);
    }

    protected static void AssertEquity(SimulationOutcome outcome, params double[] expected) =>
        Near.Sequence(expected, outcome.Equity, "equity");

    /// <summary>
    /// The basic five bars: (o, h, l, c) = (10,10,10,10) (10,11,9,10) (12,13,11,12) (15,16,14,15) (14,15,13,14).
    /// </summary>
    protected static BarSeries Basic() => Bars.Daily(
        (10, 10, 10, 10),
        (10, 11, 9, 10),
        (12, 13, 11, 12),
        (15, 16, 14, 15),
        (14, 15, 13, 14));

    /// <summary>n bars with open = 10 + k, close = 10.5 + k, low = open, high = close.</summary>
    protected static BarSeries Rising(int n) =>
        Bars.Daily([.. Enumerable.Range(0, n).Select(k => (10.0 + k, 10.5 + k, 10.0 + k, 10.5 + k))]);
}
