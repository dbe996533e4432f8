using Backtest.Data;
using Backtest.Simulation;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Reference;

/// <summary>
/// The project's oracle for strategy graphs: every node of a <see cref="StrategyGraph"/> on one symbol's bars, in
/// scalar f64, written from strategies.md §3-§5 as plainly as possible. Each node's series is a double[] (na = NaN,
/// a bool = 1 or 0). Windows are summed afresh at every bar and recursions are stepped bar by bar, so nothing here
/// shares a trick with the fast engines that must reproduce it.
/// </summary>
public static class ReferenceEvaluator
{
    /// <summary>The series of every node of <paramref name="graph"/> on <paramref name="bars"/>, indexed by node.</summary>
    public static double[][] Evaluate(StrategyGraph graph, BarSeries bars) =>
        Evaluate(graph, bars.Open, bars.High, bars.Low, bars.Close, bars.Volume);

    /// <summary>The series of every node of <paramref name="graph"/> on one symbol's bars, indexed by node.</summary>
    public static double[][] Evaluate(
        StrategyGraph graph,
        ReadOnlySpan<double> open,
        ReadOnlySpan<double> high,
        ReadOnlySpan<double> low,
        ReadOnlySpan<double> close,
        ReadOnlySpan<double> volume)
    {
        int bars = close.Length;
        if (open.Length != bars || high.Length != bars || low.Length != bars || volume.Length != bars)
            throw new ArgumentException("open, high, low, close and volume must hold one value per bar each.");

        var values = new double[graph.Nodes.Count][];
        for (int i = 0; i < values.Length; i++)
        {
            var node = graph.Nodes[i];
            var series = node.Op switch
            {
                NodeOp.Open => open.ToArray(),
                NodeOp.High => high.ToArray(),
                NodeOp.Low => low.ToArray(),
                NodeOp.Close => close.ToArray(),
                NodeOp.Volume => volume.ToArray(),
                NodeOp.Bar => Series(bars, k => k),
                NodeOp.Constant => Series(bars, _ => node.Value),
                NodeOp.Lag => Lag(values[node.In0], node.Period),
                NodeOp.Sma => WindowFunctions.Apply(values[node.In0], node.Period, WindowFunctions.Mean),
                NodeOp.Wma => WindowFunctions.Apply(values[node.In0], node.Period, WindowFunctions.WeightedMean),
                NodeOp.Stdev => WindowFunctions.Apply(values[node.In0], node.Period, WindowFunctions.PopulationStdev),
                NodeOp.Sum => WindowFunctions.Apply(values[node.In0], node.Period, WindowFunctions.Sum),
                NodeOp.Highest => WindowFunctions.Apply(values[node.In0], node.Period, WindowFunctions.Highest),
                NodeOp.Lowest => WindowFunctions.Apply(values[node.In0], node.Period, WindowFunctions.Lowest),
                NodeOp.Cci => WindowFunctions.Cci(values[node.In0], node.Period, close),
                NodeOp.Ema => RecursiveFunctions.Ema(values[node.In0], node.Period),
                NodeOp.Rma => RecursiveFunctions.Rma(values[node.In0], node.Period),
                NodeOp.Rsi => RecursiveFunctions.Rsi(values[node.In0], node.Period),
                NodeOp.Obv => RecursiveFunctions.Obv(values[node.In0], values[node.In1]),
                NodeOp.TrueRange => TrueRange(values[node.In0], values[node.In1], values[node.In2]),
                NodeOp.StochRaw => Series(bars, k => StochRaw(values[node.In0][k], values[node.In1][k], values[node.In2][k])),
                _ when node.IsComparison => Compare(graph, i, values, close),
                _ => Series(bars, k => Operator(node, values, k)),
            };
            // A node is na before its first bar (strategies.md §3), even where a value could be formed (nz of an na).
            long first = Math.Min(node.FirstBar, bars);
            Array.Fill(series, double.NaN, 0, (int)first);
            values[i] = series;
        }
        return values;
    }

    /// <summary>
    /// Which rules hold at each bar: a rule that is absent, or na or false at a bar, does not hold there; before the
    /// first decision bar W none holds (strategies.md §3).
    /// </summary>
    public static RuleSignals[] Rules(StrategyGraph graph, IReadOnlyList<double[]> values)
    {
        int bars = values.Count > 0 ? values[0].Length : 0;
        var signals = new RuleSignals[bars];
        (RuleKind Rule, RuleSignals Signal)[] rules =
            [(RuleKind.Buy, RuleSignals.Buy), (RuleKind.Sell, RuleSignals.Sell), (RuleKind.Short, RuleSignals.Short), (RuleKind.Cover, RuleSignals.Cover)];
        for (long k = graph.FirstDecisionBar; k < bars; k++)
            foreach (var (rule, signal) in rules)
            {
                int node = graph.Rules[rule];
                if (node >= 0 && values[node][k] == 1) signals[k] |= signal;
            }
        return signals;
    }

    /// <summary>Which rules hold at each bar of <paramref name="bars"/>.</summary>
    public static RuleSignals[] Rules(StrategyGraph graph, BarSeries bars) => Rules(graph, Evaluate(graph, bars));

    private static double[] Series(int bars, Func<int, double> value)
    {
        var series = new double[bars];
        for (int k = 0; k < bars; k++) series[k] = value(k);
        return series;
    }

    private static double[] Lag(double[] x, int n)
    {
        var series = new double[x.Length];
        for (int k = 0; k < x.Length; k++) series[k] = k < n ? double.NaN : x[k - n];
        return series;
    }

    /// <summary>max(high − low, |high − close[1]|, |low − close[1]|); na at bar 0.</summary>
    private static double[] TrueRange(double[] high, double[] low, double[] close)
    {
        var series = new double[close.Length];
        for (int k = 0; k < close.Length; k++)
        {
            if (k == 0 || AnyNa(high[k], low[k], close[k - 1]))
            {
                series[k] = double.NaN;
                continue;
            }
            series[k] = Math.Max(high[k] - low[k], Math.Max(Math.Abs(high[k] - close[k - 1]), Math.Abs(low[k] - close[k - 1])));
        }
        return series;
    }

    /// <summary>100·(close − lowest)/(highest − lowest), 0 where the range is exactly 0.</summary>
    private static double StochRaw(double close, double highest, double lowest)
    {
        if (AnyNa(close, highest, lowest)) return double.NaN;
        double range = highest - lowest;
        return range == 0 ? 0 : 100 * (close - lowest) / range;
    }

    private static double[] Compare(StrategyGraph graph, int node, double[][] values, ReadOnlySpan<double> close)
    {
        var n = graph.Nodes[node];
        bool exact = graph.ComparesExactly(node);
        double[] a = values[n.In0], b = values[n.In1];
        var series = new double[close.Length];
        for (int k = 0; k < close.Length; k++)
            series[k] = AnyNa(a[k], b[k]) ? double.NaN : Bool(Comparison.Holds(n.Op, a[k], b[k], close[k], exact));
        return series;
    }

    /// <summary>The unary and binary operators and ?: at bar k: na for an na operand, except nz.</summary>
    private static double Operator(GraphNode node, double[][] values, int k)
    {
        double a = values[node.In0][k];
        double b = node.In1 >= 0 ? values[node.In1][k] : 0;
        double c = node.In2 >= 0 ? values[node.In2][k] : 0;
        if (node.Op == NodeOp.Nz) return double.IsNaN(a) ? b : a;
        if (AnyNa(a, b, c)) return double.NaN;
        return node.Op switch
        {
            NodeOp.Negate => -a,
            NodeOp.Not => Bool(a == 0),
            NodeOp.Abs => Math.Abs(a),
            NodeOp.Sqrt => a < 0 ? double.NaN : Math.Sqrt(a),
            NodeOp.Log => a <= 0 ? double.NaN : Math.Log(a),
            NodeOp.Exp => Math.Exp(a),
            NodeOp.Add => a + b,
            NodeOp.Subtract => a - b,
            NodeOp.Multiply => a * b,
            NodeOp.Divide => b == 0 ? double.NaN : a / b,
            NodeOp.Min => Math.Min(a, b),
            NodeOp.Max => Math.Max(a, b),
            NodeOp.And => Bool(a != 0 && b != 0),
            NodeOp.Or => Bool(a != 0 || b != 0),
            NodeOp.Condition => a != 0 ? b : c,
            _ => throw new NotSupportedException($"The reference evaluator does not know {node.Op}."),
        };
    }

    private static double Bool(bool value) => value ? 1 : 0;

    private static bool AnyNa(double a, double b, double c = 0) => double.IsNaN(a) || double.IsNaN(b) || double.IsNaN(c);
}
