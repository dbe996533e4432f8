using Backtest.Data;
using Backtest.Lanes;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Strategies;

/// <summary>
/// The lane form of every NodeOp, run in the graph walk at every vector width, against <see cref="ScalarGraphOracle"/>:
/// f64 within 1e-9 of the larger of the value and the close, na exactly where the oracle has it (divisions by zero,
/// sqrt and log out of range, flat cci windows, and everything built on them: windows, recursions, comparisons,
/// conditions); f32 within semantics §6, flat windows exact.
/// </summary>
public class LaneFormTests
{
    public static TheoryData<VectorWidth> Widths() => [.. VectorWidths.Accelerated];

    /// <summary>
    /// Random cent prices with flat runs (so flat windows and x / 0 occur), and whole volumes, 13 lanes: every width's
    /// vectors and a tail.
    /// </summary>
    private static List<BarSeries> Universe() => [.. Enumerable.Range(0, 13).Select(i =>
    {
        var s = RandomBars.Series($"L{i}", 700, seed: 100 + i);
        var rng = new Random(i);
        var volume = s.Close.Select(_ => (double)rng.Next(0, 5000)).ToArray();
        return new BarSeries(s.Symbol, s.Times, s.Open, s.High, s.Low, s.Close, volume);
    })];

    /// <summary>Every op, on dense inputs (prices and what is built on them) and on sparse ones (a division that meets 0).</summary>
    internal static StrategyGraph AllOps()
    {
        var g = new GraphBuilder();
        int open = g.Series(NodeOp.Open), high = g.Series(NodeOp.High), low = g.Series(NodeOp.Low), close = g.Series(NodeOp.Close), bar = g.Series(NodeOp.Bar);
        int body = g.Operator(NodeOp.Subtract, close, open);
        int range = g.Operator(NodeOp.Subtract, high, low);
        int sparse = g.Operator(NodeOp.Divide, body, range);                 // na on flat bars
        int up = g.Operator(NodeOp.Greater, close, open);
        int sma = g.Function(NodeOp.Sma, close, 10);
        // A stdev before the sma of its window (added last), and itself a window's input: one node writes both.
        int deviation = g.Function(NodeOp.Stdev, close, 9);
        g.Function(NodeOp.Sma, deviation, 3);
        g.Operator(NodeOp.Negate, close);
        g.Operator(NodeOp.Not, up);
        g.Operator(NodeOp.Abs, body);
        g.Operator(NodeOp.Sqrt, body);
        g.Operator(NodeOp.Log, body);
        g.Operator(NodeOp.Exp, g.Operator(NodeOp.Divide, body, open));
        g.Operator(NodeOp.Multiply, close, g.Constant(1.5, ValueKind.Num));
        g.Operator(NodeOp.Add, bar, g.Constant(3, ValueKind.Int));
        g.Operator(NodeOp.Negate, g.Constant(3, ValueKind.Int));                                  // folded once per chunk
        g.Operator(NodeOp.Multiply, g.Constant(1.5, ValueKind.Num), g.Constant(-2, ValueKind.Int));
        g.Operator(NodeOp.Min, close, sma);
        g.Operator(NodeOp.Max, close, sma);
        g.Operator(NodeOp.Min, sparse, g.Constant(0.25, ValueKind.Num));
        g.Operator(NodeOp.Max, sparse, g.Constant(-0.25, ValueKind.Num));
        int down = g.Operator(NodeOp.Less, close, sma);
        g.Operator(NodeOp.And, up, down);
        g.Operator(NodeOp.Or, up, down);
        g.Operator(NodeOp.Nz, sparse, g.Constant(7, ValueKind.Num));
        foreach (var op in new[] { NodeOp.Greater, NodeOp.Less, NodeOp.GreaterOrEqual, NodeOp.LessOrEqual, NodeOp.Equal, NodeOp.NotEqual })
        {
            g.Operator(op, close, sma);                                          // num: clearly greater
            g.Operator(op, bar, g.Constant(300, ValueKind.Int));                 // int: exact
            g.Operator(op, sparse, g.Constant(0, ValueKind.Int));                // sparse operand
        }
        g.Operator(NodeOp.Equal, up, down);                                      // bools: exact
        // A comparison used only as a condition: fused into the condition's node (CompareSelectNode).
        foreach (var op in new[] { NodeOp.Greater, NodeOp.Less, NodeOp.GreaterOrEqual, NodeOp.LessOrEqual, NodeOp.Equal, NodeOp.NotEqual })
        {
            g.Operator(NodeOp.Condition, g.Operator(op, high, sma), high, low);
        }
        g.Operator(NodeOp.Condition, g.Operator(NodeOp.GreaterOrEqual, bar, g.Constant(301, ValueKind.Int)), high, low);
        g.Operator(NodeOp.Condition, up, close, open);
        g.Operator(NodeOp.Condition, g.Operator(NodeOp.Greater, sparse, g.Constant(0, ValueKind.Int)), close, open);
        g.Lag(close, 3);
        g.Lag(sma, 2);
        g.Lag(sparse, 1);
        foreach (var op in new[] { NodeOp.Sma, NodeOp.Sum, NodeOp.Stdev, NodeOp.Wma, NodeOp.Highest, NodeOp.Lowest, NodeOp.Ema, NodeOp.Rma, NodeOp.Rsi })
        {
            g.Function(op, close, 7);
            g.Function(op, sma, 5);
            g.Function(op, sparse, 4);
        }
        g.Function(NodeOp.Sum, bar, 4);
        g.Function(NodeOp.Rma, g.TrueRange(), 5);
        g.StochRaw(5);
        g.Cci(7);
        g.Obv();
        g.Function(NodeOp.Sma, g.Series(NodeOp.Volume), 5);
        g.Function(NodeOp.Sma, g.Cci(3), 3);
        g.Function(NodeOp.Sma, close, 9);
        // Rules no node reads are written as masks: a test whose mask is the compare's and a negated one.
        return g.Build(new StrategyRules(up, down, g.Operator(NodeOp.GreaterOrEqual, close, sma), g.Operator(NodeOp.NotEqual, high, low)));
    }

    /// <summary>
    /// ema − ema of one dense series: the offset form (EmaSpreadNode), fast first or slow first; an ema only the
    /// spread uses is elided, one used elsewhere too keeps its own node; a sparse series keeps the two levels.
    /// </summary>
    internal static StrategyGraph EmaSpreads()
    {
        var g = new GraphBuilder();
        int open = g.Series(NodeOp.Open), high = g.Series(NodeOp.High), low = g.Series(NodeOp.Low), close = g.Series(NodeOp.Close);
        int sparse = g.Operator(NodeOp.Divide, g.Operator(NodeOp.Subtract, close, open), g.Operator(NodeOp.Subtract, high, low));
        int sma = g.Function(NodeOp.Sma, close, 10);
        g.Operator(NodeOp.Subtract, g.Function(NodeOp.Ema, close, 3), g.Function(NodeOp.Ema, close, 9));
        g.Operator(NodeOp.Subtract, g.Function(NodeOp.Ema, sma, 8), g.Function(NodeOp.Ema, sma, 2));
        int shared = g.Function(NodeOp.Ema, open, 6);
        g.Operator(NodeOp.Greater, close, shared);
        g.Operator(NodeOp.Subtract, g.Function(NodeOp.Ema, open, 2), shared);
        g.Operator(NodeOp.Subtract, g.Function(NodeOp.Ema, sparse, 2), g.Function(NodeOp.Ema, sparse, 5));
        return g.Build(new StrategyRules(g.Operator(NodeOp.Greater, close, open), -1, -1, -1));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void F64_lane_forms_match_the_scalar_oracle(VectorWidth width)
    {
        var universe = Universe();
        var graph = AllOps();
        Assert.Null(LaneProgramBuilder.Problem(graph));
        var lanes = GraphProbe.Values<double>(graph, universe, width);
        // Comparisons fused into their condition never write their own slot.
        var fused = LaneProgramBuilder.FusedComparisons(graph, LaneProgramBuilder.DenseNodes(graph));
        Assert.Equal(7, fused.Count);
        Assert.Equal(2, LaneProgramBuilder.RuleMasks(graph, LaneProgramBuilder.DenseNodes(graph)).Count);
        // stdev and sma of one window: close 9 (stdev first), close 7 and the sma's 5 (sma first).
        Assert.Equal(3, LaneProgramBuilder.StdevMeans(graph, LaneProgramBuilder.DenseNodes(graph)).Count);
        AssertMatchesTheOracle(graph, universe, lanes, fused, width, minValues: 100_000, minNa: 1000);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void F64_ema_spreads_match_the_scalar_oracle(VectorWidth width)
    {
        var universe = Universe();
        var graph = EmaSpreads();
        var dense = LaneProgramBuilder.DenseNodes(graph);
        var spreads = LaneProgramBuilder.EmaSpreads(graph, dense);
        // The emas only a spread reads are held in it as offsets: their own slots are never written.
        var spreadOnly = LaneProgramBuilder.SpreadOnlyEmas(graph, spreads);
        Assert.Equal(3, spreads.Count);
        Assert.Equal(5, spreadOnly.Count);
        var lanes = GraphProbe.Values<double>(graph, universe, width);
        AssertMatchesTheOracle(graph, universe, lanes, spreadOnly, width, minValues: 20_000, minNa: 100);
    }

    /// <summary>Every node's value but <paramref name="unwritten"/> within 1e-9 of the oracle's (of the close where larger), na where it is na.</summary>
    private static void AssertMatchesTheOracle(
        StrategyGraph graph, List<BarSeries> universe, double[][][] lanes, HashSet<int> unwritten, VectorWidth width, int minValues, int minNa)
    {
        int checkedValues = 0, na = 0;
        // A rule read by nothing else holds its mask: all bits set (a NaN) where it holds, 0 where not.
        var masks = LaneProgramBuilder.RuleMasks(graph, LaneProgramBuilder.DenseNodes(graph));
        for (int lane = 0; lane < universe.Count; lane++)
        {
            var series = universe[lane];
            var expected = ScalarGraphOracle.Evaluate(graph, series);
            for (int node = 0; node < graph.Nodes.Count; node++)
            {
                if (unwritten.Contains(node)) continue;
                for (int k = (int)graph.Nodes[node].FirstBar; k < series.Count; k++)
                {
                    double e = expected[node][k], a = lanes[lane][node][k];
                    if (masks.Contains(node)) a = double.IsNaN(a) ? 1 : a;
                    string at = $"{width} lane {lane} node {node} ({graph.Nodes[node].Op}) bar {k}";
                    if (double.IsNaN(e))
                    {
                        Assert.True(double.IsNaN(a), $"{at}: expected na, got {a:R}");
                        na++;
                        continue;
                    }
                    Assert.False(double.IsNaN(a), $"{at}: expected {e:R}, got na");
                    Assert.True(Math.Abs(a - e) <= 1e-9 * Math.Max(Math.Max(Math.Abs(e), series.Close[k]), 1), $"{at}: expected {e:R}, got {a:R}");
                    checkedValues++;
                }
            }
        }
        Assert.True(na > minNa && checkedValues > minValues, $"{checkedValues} values and {na} na compared: too few to prove much");
    }

    /// <summary>
    /// macd's line and hist (FunctionCatalog's lowering, short periods) in f32, at the end of runs of 10 unchanged
    /// closes, within the spec's tie ε (1e-9 of the close) of the f64 oracle: the line and its signal have shrunk to
    /// about that size there, and the reference still decides on them. Two f32 EMA levels near the price, subtracted,
    /// are ~6e-8 of it off; the EMAs as offsets from the close are not. Every bar within semantics §6 (1e-4 of the price).
    /// </summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void F32_macd_keeps_flat_runs_within_the_tie_of_the_reference(VectorWidth width)
    {
        var universe = Universe();
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        var macd = FunctionCatalog.All["macd"].Lower(g, [FunctionArgument.OfNode(close), FunctionArgument.OfConstant(2), FunctionArgument.OfConstant(5), FunctionArgument.OfConstant(3)]);
        int line = macd.Fields!["line"], hist = macd.Fields!["hist"];
        var graph = g.Build(new StrategyRules(g.Operator(NodeOp.Greater, line, macd.Fields!["signal"]), -1, -1, -1));
        var lanes = GraphProbe.Values<float>(graph, universe, width);
        int flats = 0;
        for (int lane = 0; lane < universe.Count; lane++)
        {
            var series = universe[lane];
            var expected = ScalarGraphOracle.Evaluate(graph, series);
            foreach (int node in new[] { line, hist })
            {
                for (int k = (int)graph.Nodes[node].FirstBar; k < series.Count; k++)
                {
                    double e = expected[node][k], a = lanes[lane][node][k];
                    bool flat = k >= 9 + (int)graph.Nodes[node].FirstBar && series.Close.AsSpan(k - 9, 10).ToArray().All(c => c == series.Close[k]);
                    double tolerance = (flat ? 1e-9 : 1e-4) * series.Close[k];
                    if (flat) flats++;
                    Assert.True(Math.Abs(a - e) <= tolerance, $"{width} lane {lane} node {graph.Nodes[node].Op} bar {k}{(flat ? " (flat)" : "")}: expected {e:R}, got {a:R}");
                }
            }
        }
        Assert.True(flats > 20, $"only {flats} flat-run values: the check would prove little");
    }

    /// <summary>Price-unit indicators within 1e-4 of the price, RSI within 1e-3 (semantics §6); flat windows exactly flat (sma = close, stdev = 0).</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public void F32_lane_forms_meet_semantics_6_and_keep_flat_windows_exact(VectorWidth width)
    {
        var universe = Universe();
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        int[] prices = [.. new[] { NodeOp.Sma, NodeOp.Stdev, NodeOp.Wma, NodeOp.Highest, NodeOp.Lowest, NodeOp.Ema, NodeOp.Rma }.Select(op => g.Function(op, close, 20)),
            g.Lag(close, 5), g.Function(NodeOp.Rma, g.TrueRange(), 14)];
        int rsi = g.Function(NodeOp.Rsi, close, 14);
        int sma = g.Function(NodeOp.Sma, close, 20), stdev = g.Function(NodeOp.Stdev, close, 20);
        var graph = g.Build(new StrategyRules(g.Bool(false), -1, -1, -1));
        var lanes = GraphProbe.Values<float>(graph, universe, width);
        int flats = 0;
        for (int lane = 0; lane < universe.Count; lane++)
        {
            var series = universe[lane];
            var expected = ScalarGraphOracle.Evaluate(graph, series);
            foreach (int node in prices.Append(rsi))
            {
                for (int k = (int)graph.Nodes[node].FirstBar; k < series.Count; k++)
                {
                    double e = expected[node][k], a = lanes[lane][node][k];
                    double tolerance = node == rsi ? 1e-3 : 1e-4 * series.Close[k];
                    Assert.True(Math.Abs(a - e) <= tolerance, $"{width} lane {lane} node {graph.Nodes[node].Op} bar {k}: expected {e:R}, got {a:R}");
                }
            }
            for (int k = 19; k < series.Count; k++)
            {
                if (!series.Close.AsSpan(k - 19, 20).ToArray().All(c => c == series.Close[k])) continue;
                flats++;
                // The close as the walk holds it (an f32 panel's cents times 1/scale): a flat sma is that value exactly.
                Assert.Equal(lanes[lane][close][k], lanes[lane][sma][k]);
                Assert.Equal(0.0, lanes[lane][stdev][k]);
            }
        }
        Assert.True(flats > 20, $"only {flats} flat windows: the exactness check would prove little");
    }

    /// <summary>
    /// Bollinger bands (sma ± 2 · stdev of 20) of an f32 walk over 100,000 bars that wander far from their first price stay
    /// within 1e-4 of the price (semantics §6): the rolling sums are recomputed every block, so rounding cannot build up.
    /// </summary>
    [Fact]
    public void F32_bollinger_bands_stay_within_1e4_of_the_price_over_100000_bars()
    {
        // A long random walk with regimes and flat runs, drifting far from its first price.
        var series = RandomBars.Series("LONG", 100_000, seed: 7);
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        int sma = g.Function(NodeOp.Sma, close, 20), stdev = g.Function(NodeOp.Stdev, close, 20);
        var graph = g.Build(new StrategyRules(g.Bool(false), -1, -1, -1));
        var lanes = GraphProbe.Values<float>(graph, [series], VectorWidths.Best)[0];
        var expected = ScalarGraphOracle.Evaluate(graph, series);
        double worst = 0;
        int at = 0;
        for (int k = 19; k < series.Count; k++)
        {
            // The upper band's error is at most the mean's plus twice the deviation's; the lower band's the same.
            double e = (Math.Abs(lanes[sma][k] - expected[sma][k]) + 2 * Math.Abs(lanes[stdev][k] - expected[stdev][k])) / series.Close[k];
            if (e > worst) (worst, at) = (e, k);
        }
        double min = series.Close.Min(), max = series.Close.Max();
        TestContext.Current.TestOutputHelper?.WriteLine($"worst band error {worst:E2} of the price at bar {at}; prices {min}..{max}");
        Assert.True(max / min > 2, "the walk should wander far from its start");
        Assert.True(worst <= 1e-4, $"band off by {worst:E2} of the price at bar {at}");
    }
}
