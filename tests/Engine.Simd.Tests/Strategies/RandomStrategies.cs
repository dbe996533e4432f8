using Backtest.Strategies.Graph;

namespace Backtest.Tests.Strategies;

/// <summary>
/// Strategies drawn at random for the engine contract: typed expression trees over every function of strategies.md §5,
/// random periods and amounts, rules long only, short only or both, with and without exits. Expressions are drawn by
/// scale, so that their comparisons trade on price data: price levels (close, averages, bands, channels) against each
/// other, oscillators (rsi, stoch, willr, cci) against levels, integer scores against thresholds. The same seed gives
/// the same strategy.
/// </summary>
internal sealed class RandomStrategies(int seed)
{
    private readonly Random _random = new(seed);
    private GraphBuilder _g = new();

    /// <summary>One random strategy; <paramref name="description"/> says what it is, for failure messages.</summary>
    public StrategyGraph Next(out string description)
    {
        _g = new GraphBuilder();
        int shape = _random.Next(4); // 0 long only, 1 short only, 2 both with exits, 3 both by reversals (no exits)
        var parts = new List<string>();
        int Rule(string name)
        {
            int node = Condition(3, out string text);
            parts.Add($"{name} when {text}");
            return node;
        }
        int buy = shape != 1 ? Rule("buy") : -1;
        int sell = shape is 0 or 2 && _random.Next(4) > 0 ? Rule("sell") : -1;
        int sh = shape != 0 ? Rule("short") : -1;
        int cover = shape is 1 or 2 && _random.Next(4) > 0 ? Rule("cover") : -1;
        if (shape == 3)
        {
            // Always in the market: each entry's condition exits the other side.
            sell = sh;
            cover = buy;
            parts.Add("sell when <short>; cover when <buy>");
        }
        description = string.Join("; ", parts);
        return _g.Build(new StrategyRules(buy, sell, sh, cover));
    }

    private int Period(int max = 30) => 1 + _random.Next(max);

    private int Call(string name, params FunctionArgument[] args) => _g.Let(FunctionCatalog.All[name], args);

    private static FunctionArgument N(int node) => FunctionArgument.OfNode(node);

    private static FunctionArgument C(double value) => FunctionArgument.OfConstant(value);

    /// <summary>A bool: a comparison of two levels, an oscillator against a bound, a cross, or a combination.</summary>
    private int Condition(int depth, out string text)
    {
        int pick = _random.Next(depth > 0 ? 7 : 4);
        switch (pick)
        {
            case 0:
            {
                int a = Level(depth - 1, out var ta), b = Level(depth - 1, out var tb);
                var op = Comparisons[_random.Next(Comparisons.Length)];
                text = $"{ta} {OperatorTyping.Symbol(op)} {tb}";
                return _g.Operator(op, a, b);
            }
            case 1:
            {
                int o = Oscillator(out var to, out double low, out double high);
                double bound = Math.Round(low + _random.NextDouble() * (high - low), 1);
                bool above = _random.Next(2) == 0;
                text = $"{to} {(above ? ">" : "<")} {bound}";
                return _g.Operator(above ? NodeOp.Greater : NodeOp.Less, o, _g.Constant(bound, ValueKind.Num));
            }
            case 2:
            {
                int a = Level(depth - 1, out var ta), b = Level(depth - 1, out var tb);
                bool over = _random.Next(2) == 0;
                text = $"{(over ? "crossover" : "crossunder")}({ta}, {tb})";
                return Call(over ? "crossover" : "crossunder", N(a), N(b));
            }
            case 3:
            {
                int s = Score(out var ts);
                int t = _random.Next(-2, 5);
                bool above = _random.Next(2) == 0;
                text = $"{ts} {(above ? ">" : "<")} {(above ? t : -t)}";
                return _g.Operator(above ? NodeOp.Greater : NodeOp.Less, s, _g.Constant(above ? t : -t, ValueKind.Int));
            }
            case 4:
            {
                int a = Condition(depth - 1, out var ta), b = Condition(depth - 1, out var tb);
                bool and = _random.Next(2) == 0;
                text = $"({ta}) {(and ? "and" : "or")} ({tb})";
                return _g.Operator(and ? NodeOp.And : NodeOp.Or, a, b);
            }
            case 5:
            {
                int a = Condition(depth - 1, out var ta);
                text = $"not ({ta})";
                return _g.Operator(NodeOp.Not, a);
            }
            default:
            {
                int a = Condition(depth - 1, out var ta);
                int lag = 1 + _random.Next(3);
                text = $"({ta})[{lag}]";
                return _g.Lag(a, lag);
            }
        }
    }

    private static readonly NodeOp[] Comparisons = [NodeOp.Greater, NodeOp.Less, NodeOp.GreaterOrEqual, NodeOp.LessOrEqual, NodeOp.Equal, NodeOp.NotEqual];

    /// <summary>A series in price units.</summary>
    private int Level(int depth, out string text)
    {
        int close = _g.Series(NodeOp.Close);
        switch (_random.Next(depth > 0 ? 14 : 11))
        {
            case 0: text = "close"; return close;
            case 1: { var op = new[] { NodeOp.Open, NodeOp.High, NodeOp.Low }[_random.Next(3)]; text = op.ToString().ToLowerInvariant(); return _g.Series(op); }
            case 2: { string f = new[] { "sma", "ema", "rma", "wma" }[_random.Next(4)]; int n = Period(); text = $"{f}(close, {n})"; return Call(f, N(close), C(n)); }
            case 3: { string f = new[] { "highest", "lowest" }[_random.Next(2)]; int n = Period(); var src = f == "highest" ? NodeOp.High : NodeOp.Low; text = $"{f}({src.ToString().ToLowerInvariant()}, {n})"; return Call(f, N(_g.Series(src)), C(n)); }
            case 4: { int n = Period(); double m = Math.Round(_random.NextDouble() * 3, 2); string field = new[] { "mid", "upper", "lower" }[_random.Next(3)]; text = $"bollinger(close, {n}, {m}).{field}"; return FieldOf("bollinger", field, N(close), C(n), C(m)); }
            case 5: { int n = Period(); string field = new[] { "mid", "upper", "lower" }[_random.Next(3)]; text = $"donchian({n}).{field}"; return FieldOf("donchian", field, C(n)); }
            case 6: { int n = Period(); double m = Math.Round(_random.NextDouble() * 3, 2); int a = Period(); string field = new[] { "mid", "upper", "lower" }[_random.Next(3)]; text = $"keltner({n}, {m}, {a}).{field}"; return FieldOf("keltner", field, C(n), C(m), C(a)); }
            case 7: { int lag = _random.Next(1, 5); text = $"close[{lag}]"; return _g.Lag(close, lag); }
            case 8: { int n = Period(); text = $"close + atr({n})"; return _g.Operator(NodeOp.Add, close, Call("atr", C(n))); }
            case 9: { int n = Period(); text = $"close - 2 * stdev(close, {n})"; return _g.Operator(NodeOp.Subtract, close, _g.Operator(NodeOp.Multiply, _g.Constant(2, ValueKind.Int), Call("stdev", N(close), C(n)))); }
            case 10: { text = "(high + low) / 2"; return _g.Operator(NodeOp.Divide, _g.Operator(NodeOp.Add, _g.Series(NodeOp.High), _g.Series(NodeOp.Low)), _g.Constant(2, ValueKind.Int)); }
            case 11: { int a = Level(depth - 1, out var ta), b = Level(depth - 1, out var tb); bool min = _random.Next(2) == 0; text = $"{(min ? "min" : "max")}({ta}, {tb})"; return Call(min ? "min" : "max", N(a), N(b)); }
            case 12: { int a = Level(depth - 1, out var ta); int n = Period(10); text = $"ema({ta}, {n})"; return Call("ema", N(a), C(n)); }
            default: { int c = Condition(depth - 1, out var tc); int a = Level(depth - 1, out var ta), b = Level(depth - 1, out var tb); text = $"({tc} ? {ta} : {tb})"; return _g.Operator(NodeOp.Condition, c, a, b); }
        }
    }

    /// <summary>An oscillator with the range its bounds are drawn from.</summary>
    private int Oscillator(out string text, out double low, out double high)
    {
        int close = _g.Series(NodeOp.Close);
        switch (_random.Next(11))
        {
            case 0: { int n = Period(); text = $"rsi(close, {n})"; (low, high) = (20, 80); return Call("rsi", N(close), C(n)); }
            case 1: { int n = Period(), f = Period(5), g = Period(5); string field = _random.Next(2) == 0 ? "k" : "d"; text = $"stoch({n}, {f}, {g}).{field}"; (low, high) = (10, 90); return FieldOf("stoch", field, C(n), C(f), C(g)); }
            case 2: { int n = Period(); text = $"willr({n})"; (low, high) = (-90, -10); return Call("willr", C(n)); }
            case 3: { int n = Period(); text = $"cci({n})"; (low, high) = (-150, 150); return Call("cci", C(n)); }
            case 4: { int n = Period(); text = $"roc(close, {n})"; (low, high) = (-0.5, 0.5); return Call("roc", N(close), C(n)); }
            case 5: { int f = Period(12), s = f + Period(20), g = Period(9); string field = new[] { "line", "signal", "hist" }[_random.Next(3)]; text = $"macd(close, {f}, {s}, {g}).{field} / close * 1000"; (low, high) = (-2, 2);
                      return _g.Operator(NodeOp.Multiply, _g.Operator(NodeOp.Divide, FieldOf("macd", field, N(close), C(f), C(s), C(g)), close), _g.Constant(1000, ValueKind.Int)); }
            case 6: { int n = Period(); text = $"100 * log(close / sma(close, {n}))"; (low, high) = (-0.5, 0.5); return _g.Operator(NodeOp.Multiply, _g.Constant(100, ValueKind.Int), Call("log", N(_g.Operator(NodeOp.Divide, close, Call("sma", N(close), C(n)))))); }
            case 7: { int n = Period(); text = $"-willr({n})"; (low, high) = (10, 90); return _g.Operator(NodeOp.Negate, Call("willr", C(n))); }
            case 8: { int n = Period(); text = $"100 * sum(abs(close - close[1]), {n}) / close"; (low, high) = (0, 2);
                      int moves = Call("sum", N(Call("abs", N(_g.Operator(NodeOp.Subtract, close, _g.Lag(close, 1))))), C(n));
                      return _g.Operator(NodeOp.Divide, _g.Operator(NodeOp.Multiply, _g.Constant(100, ValueKind.Int), moves), close); }
            case 9: { int n = Period(); text = $"exp(roc(close, {n}) / 100) + (bar > 40 ? 0 : 1)"; (low, high) = (0.99, 1.01);
                      int late = _g.Operator(NodeOp.Condition, _g.Operator(NodeOp.Greater, _g.Series(NodeOp.Bar), _g.Constant(40, ValueKind.Int)), _g.Constant(0, ValueKind.Int), _g.Constant(1, ValueKind.Int));
                      return _g.Operator(NodeOp.Add, Call("exp", N(_g.Operator(NodeOp.Divide, Call("roc", N(close), C(n)), _g.Constant(100, ValueKind.Int)))), late); }
            default: { int n = Period(); text = $"nz(sqrt(obv() - obv()[{n}]), 0)"; (low, high) = (0, 30); int obv = Call("obv"); return Call("nz", N(Call("sqrt", N(_g.Operator(NodeOp.Subtract, obv, _g.Lag(obv, n))))), N(_g.Constant(0, ValueKind.Int))); }
        }
    }

    /// <summary>An int score: a sum of conditional points, as s3 is written.</summary>
    private int Score(out string text)
    {
        int terms = 1 + _random.Next(3);
        int score = -1;
        var parts = new List<string>();
        for (int i = 0; i < terms; i++)
        {
            int c = Condition(0, out var tc);
            int w = 1 + _random.Next(4);
            int term = _g.Operator(NodeOp.Condition, c, _g.Constant(w, ValueKind.Int), _g.Constant(-w, ValueKind.Int));
            parts.Add($"({tc} ? {w} : {-w})");
            score = score < 0 ? term : _g.Operator(NodeOp.Add, score, term);
        }
        text = string.Join(" + ", parts);
        return score;
    }

    private int FieldOf(string name, string field, params FunctionArgument[] args) => FunctionCatalog.All[name].Lower(_g, args).Fields![field];
}

/// <summary>Calling a single-output function of the catalog.</summary>
internal static class GraphBuilderCalls
{
    public static int Let(this GraphBuilder g, FunctionSignature f, params FunctionArgument[] args) => f.Lower(g, args).Node;
}
