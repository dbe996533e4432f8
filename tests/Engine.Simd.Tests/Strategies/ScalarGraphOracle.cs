using Backtest.Data;
using Backtest.Strategies.Graph;

namespace Backtest.Tests.Strategies;

/// <summary>
/// Every node of a strategy graph on one series, computed the plain way from strategies.md §3-§5 (windows summed
/// from scratch at every bar, recursions seeded with the mean of their first n defined inputs, na as NaN, bools 1/0):
/// the oracle the lane forms are held to. Independent of the engine's code.
/// </summary>
internal static class ScalarGraphOracle
{
    public static double[][] Evaluate(StrategyGraph graph, BarSeries s)
    {
        int n = s.Count;
        var nodes = graph.Nodes;
        var v = new double[nodes.Count][];
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            var r = new double[n];
            double[] A() => v[node.In0];
            double[] B() => v[node.In1];
            double[] C() => v[node.In2];
            bool Na(params double[] xs) => xs.Any(double.IsNaN);
            for (int k = 0; k < n; k++) r[k] = double.NaN;
            switch (node.Op)
            {
                case NodeOp.Open: r = (double[])s.Open.Clone(); break;
                case NodeOp.High: r = (double[])s.High.Clone(); break;
                case NodeOp.Low: r = (double[])s.Low.Clone(); break;
                case NodeOp.Close: r = (double[])s.Close.Clone(); break;
                case NodeOp.Volume: r = (double[])s.Volume.Clone(); break;
                case NodeOp.Bar: for (int k = 0; k < n; k++) r[k] = k; break;
                case NodeOp.Constant: Array.Fill(r, node.Value); break;
                case NodeOp.Negate: Map(r, A(), a => -a); break;
                case NodeOp.Not: Map(r, A(), a => 1 - a); break;
                case NodeOp.Abs: Map(r, A(), Math.Abs); break;
                case NodeOp.Sqrt: Map(r, A(), a => a < 0 ? double.NaN : Math.Sqrt(a)); break;
                case NodeOp.Log: Map(r, A(), a => a <= 0 ? double.NaN : Math.Log(a)); break;
                case NodeOp.Exp: Map(r, A(), Math.Exp); break;
                case NodeOp.Add: Map(r, A(), B(), (a, b) => a + b); break;
                case NodeOp.Subtract: Map(r, A(), B(), (a, b) => a - b); break;
                case NodeOp.Multiply: Map(r, A(), B(), (a, b) => a * b); break;
                case NodeOp.Divide: Map(r, A(), B(), (a, b) => b == 0 ? double.NaN : a / b); break;
                case NodeOp.Min: Map(r, A(), B(), (a, b) => Na(a, b) ? double.NaN : Math.Min(a, b)); break;
                case NodeOp.Max: Map(r, A(), B(), (a, b) => Na(a, b) ? double.NaN : Math.Max(a, b)); break;
                case NodeOp.And: Map(r, A(), B(), (a, b) => Na(a, b) ? double.NaN : a == 1 && b == 1 ? 1 : 0); break;
                case NodeOp.Or: Map(r, A(), B(), (a, b) => Na(a, b) ? double.NaN : a == 1 || b == 1 ? 1 : 0); break;
                case NodeOp.Nz: Map(r, A(), B(), (a, b) => double.IsNaN(a) ? b : a); break;
                case NodeOp.Greater or NodeOp.Less or NodeOp.GreaterOrEqual or NodeOp.LessOrEqual or NodeOp.Equal or NodeOp.NotEqual:
                {
                    bool exact = graph.ComparesExactly(i);
                    var a = A();
                    var b = B();
                    for (int k = 0; k < n; k++)
                    {
                        if (Na(a[k], b[k])) continue;
                        bool Gt(double x, double y) => exact ? x > y : x - y > 1e-9 * Math.Max(Math.Max(Math.Abs(x), Math.Abs(y)), s.Close[k]);
                        bool result = node.Op switch
                        {
                            NodeOp.Greater => Gt(a[k], b[k]),
                            NodeOp.Less => Gt(b[k], a[k]),
                            NodeOp.GreaterOrEqual => !Gt(b[k], a[k]),
                            NodeOp.LessOrEqual => !Gt(a[k], b[k]),
                            NodeOp.Equal => !Gt(a[k], b[k]) && !Gt(b[k], a[k]),
                            _ => Gt(a[k], b[k]) || Gt(b[k], a[k]),
                        };
                        r[k] = result ? 1 : 0;
                    }
                    break;
                }
                case NodeOp.Condition:
                    for (int k = 0; k < n; k++) r[k] = Na(A()[k], B()[k], C()[k]) ? double.NaN : A()[k] == 1 ? B()[k] : C()[k];
                    break;
                case NodeOp.Lag:
                    for (int k = node.Period; k < n; k++) r[k] = A()[k - node.Period];
                    break;
                case NodeOp.Sma or NodeOp.Sum or NodeOp.Stdev or NodeOp.Wma or NodeOp.Highest or NodeOp.Lowest:
                    Window(r, A(), node.Period, node.Op);
                    break;
                case NodeOp.Ema or NodeOp.Rma:
                    Recursive(r, A(), node.Period, node.Op == NodeOp.Ema ? 2.0 / (node.Period + 1) : 1.0 / node.Period);
                    break;
                case NodeOp.Rsi: Rsi(r, A(), node.Period); break;
                case NodeOp.TrueRange:
                    for (int k = 1; k < n; k++)
                        r[k] = Math.Max(s.High[k] - s.Low[k], Math.Max(Math.Abs(s.High[k] - s.Close[k - 1]), Math.Abs(s.Low[k] - s.Close[k - 1])));
                    break;
                case NodeOp.StochRaw:
                    for (int k = 0; k < n; k++)
                    {
                        double c = A()[k], hh = B()[k], ll = C()[k];
                        if (!Na(c, hh, ll)) r[k] = hh == ll ? 0 : 100 * (c - ll) / (hh - ll);
                    }
                    break;
                case NodeOp.Cci:
                    for (int k = node.Period - 1; k < n; k++)
                    {
                        var window = A().AsSpan(k - node.Period + 1, node.Period).ToArray();
                        if (window.Any(double.IsNaN)) continue;
                        double mean = window.Average();
                        double deviation = window.Average(x => Math.Abs(x - mean));
                        if (deviation > 1e-9 * Math.Max(deviation, s.Close[k])) r[k] = (A()[k] - mean) / (0.015 * deviation);
                    }
                    break;
                case NodeOp.Obv:
                    r[0] = 0;
                    for (int k = 1; k < n; k++) r[k] = r[k - 1] + (s.Close[k] > s.Close[k - 1] ? s.Volume[k] : s.Close[k] < s.Close[k - 1] ? -s.Volume[k] : 0);
                    break;
                default:
                    throw new NotSupportedException(node.Op.ToString());
            }
            v[i] = r;
        }
        return v;
    }

    private static void Map(double[] r, double[] a, Func<double, double> f)
    {
        for (int k = 0; k < r.Length; k++) r[k] = double.IsNaN(a[k]) ? double.NaN : f(a[k]);
    }

    private static void Map(double[] r, double[] a, double[] b, Func<double, double, double> f)
    {
        for (int k = 0; k < r.Length; k++) r[k] = f(a[k], b[k]);
    }

    private static void Window(double[] r, double[] x, int n, NodeOp op)
    {
        for (int k = n - 1; k < r.Length; k++)
        {
            var w = x.AsSpan(k - n + 1, n).ToArray();
            if (w.Any(double.IsNaN)) continue;
            double mean = w.Average();
            r[k] = op switch
            {
                NodeOp.Sma => mean,
                NodeOp.Sum => w.Sum(),
                NodeOp.Stdev => Math.Sqrt(w.Average(v => (v - mean) * (v - mean))),
                NodeOp.Wma => w.Select((v, i) => (i + 1) * v).Sum() / (n * (n + 1) / 2.0),
                NodeOp.Highest => w.Max(),
                _ => w.Min(),
            };
        }
    }

    private static void Recursive(double[] r, double[] x, int n, double alpha)
    {
        int seen = 0;
        double sum = 0, e = 0;
        for (int k = 0; k < r.Length; k++)
        {
            if (double.IsNaN(x[k])) continue;
            if (seen < n)
            {
                sum += x[k];
                if (++seen == n) r[k] = e = sum / n;
                continue;
            }
            r[k] = e = (x[k] - e) * alpha + e;
        }
    }

    private static void Rsi(double[] r, double[] x, int n)
    {
        int seen = 0;
        double gains = 0, losses = 0;
        for (int k = 1; k < r.Length; k++)
        {
            double d = x[k] - x[k - 1];
            if (double.IsNaN(d)) continue;
            double g = Math.Max(d, 0), l = Math.Max(-d, 0);
            if (seen < n)
            {
                gains += g;
                losses += l;
                if (++seen < n) continue;
                gains /= n;
                losses /= n;
            }
            else
            {
                gains = (gains * (n - 1) + g) / n;
                losses = (losses * (n - 1) + l) / n;
            }
            r[k] = gains + losses == 0 ? 50 : 100 * gains / (gains + losses);
        }
    }
}
