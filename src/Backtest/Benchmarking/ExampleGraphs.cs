using Backtest.Strategies.Graph;
using Backtest.Strategy;

namespace Backtest.Benchmarking;

/// <summary>
/// Strategy graphs built with <see cref="GraphBuilder"/> and <see cref="FunctionCatalog"/> as the language's compiler
/// would build them: S3 (strategies.md §8) and one strategy per family of functions, for benchmarks and tests.
/// </summary>
public static class ExampleGraphs
{
    /// <summary>The names of <see cref="ByName"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["s3", "sma-cross", "rsi", "donchian", "macd", "bollinger", "keltner"];

    public static StrategyGraph ByName(string name) => name switch
    {
        "s3" => S3(),
        "sma-cross" => SmaCross(20, 50),
        "rsi" => RsiReversion(14, 30, 70),
        "donchian" => DonchianBreakout(20, 14),
        "macd" => MacdCross(12, 26, 9),
        "bollinger" => BollingerReversion(20, 2),
        "keltner" => KeltnerBreakout(20, 2, 10),
        _ => throw new ArgumentException($"No example strategy '{name}'.", nameof(name)),
    };

    private static int Call(GraphBuilder g, string function, params FunctionArgument[] arguments) =>
        FunctionCatalog.All[function].Lower(g, arguments).Node;

    private static int Field(GraphBuilder g, string function, string field, params FunctionArgument[] arguments) =>
        FunctionCatalog.All[function].Lower(g, arguments).Fields![field];

    private static FunctionArgument Node(int node) => FunctionArgument.OfNode(node);

    private static FunctionArgument Constant(double value) => FunctionArgument.OfConstant(value);

    private static int Int(GraphBuilder g, double value) => g.Constant(value, ValueKind.Int);

    private static int Num(GraphBuilder g, double value) => g.Constant(value, ValueKind.Num);

    /// <summary>c ? w : −w, the minus as the language writes it (a negated parameter).</summary>
    private static int Points(GraphBuilder g, int condition, int weight) => g.Operator(NodeOp.Condition, condition, weight, g.Operator(NodeOp.Negate, weight));

    /// <summary>
    /// S3 of strategies.md §8 with <paramref name="overrides"/> over the s3 file's defaults (by parameter name): buy when
    /// score > threshold, sell when score &lt; −threshold.
    /// </summary>
    public static StrategyGraph S3(IReadOnlyDictionary<string, double>? overrides = null)
    {
        var v = S3Strategy.Definition.Values(overrides ?? new Dictionary<string, double>());
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        int zero = Int(g, 0);
        int r = Call(g, "rsi", Node(close), Constant(v["rsi_period"]));
        var bands = FunctionCatalog.All["bollinger"].Lower(g, [Node(close), Constant(v["bb_period"]), Constant(v["bb_k"])]).Fields!;
        var m = FunctionCatalog.All["macd"].Lower(g, [Node(close), Constant(v["macd_fast"]), Constant(v["macd_slow"]), Constant(v["macd_signal"])]).Fields!;
        int wTrend = Int(g, v["w_trend"]), wRsi = Int(g, v["w_rsi"]), wBb = Int(g, v["w_bb"]), wMacd = Int(g, v["w_macd"]);

        int trend = Points(g, g.Operator(NodeOp.Greater, Call(g, "sma", Node(close), Constant(v["sma_fast"])), Call(g, "sma", Node(close), Constant(v["sma_slow"]))), wTrend);
        int rsiPart = g.Operator(NodeOp.Condition, g.Operator(NodeOp.Less, r, Num(g, v["rsi_low"])), wRsi,
            g.Operator(NodeOp.Condition, g.Operator(NodeOp.Greater, r, Num(g, v["rsi_high"])), g.Operator(NodeOp.Negate, wRsi), zero));
        int bandPart = g.Operator(NodeOp.Condition, g.Operator(NodeOp.Less, close, bands["lower"]), wBb,
            g.Operator(NodeOp.Condition, g.Operator(NodeOp.Greater, close, bands["upper"]), g.Operator(NodeOp.Negate, wBb), zero));
        int macdPart = Points(g, g.Operator(NodeOp.Greater, m["line"], m["signal"]), wMacd);
        int score = g.Operator(NodeOp.Add, g.Operator(NodeOp.Add, g.Operator(NodeOp.Add, trend, rsiPart), bandPart), macdPart);
        int threshold = Int(g, v["threshold"]);
        int buy = g.Operator(NodeOp.Greater, score, threshold);
        int sell = g.Operator(NodeOp.Less, score, g.Operator(NodeOp.Negate, threshold));
        return g.Build(new StrategyRules(buy, sell, -1, -1));
    }

    /// <summary>buy when sma(close, fast) crosses over sma(close, slow), sell when it crosses under.</summary>
    public static StrategyGraph SmaCross(int fast, int slow)
    {
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        int f = Call(g, "sma", Node(close), Constant(fast)), s = Call(g, "sma", Node(close), Constant(slow));
        return g.Build(new StrategyRules(Call(g, "crossover", Node(f), Node(s)), Call(g, "crossunder", Node(f), Node(s)), -1, -1));
    }

    /// <summary>buy when rsi &lt; low, sell when rsi > high.</summary>
    public static StrategyGraph RsiReversion(int n, double low, double high)
    {
        var g = new GraphBuilder();
        int r = Call(g, "rsi", Node(g.Series(NodeOp.Close)), Constant(n));
        return g.Build(new StrategyRules(g.Operator(NodeOp.Less, r, Num(g, low)), g.Operator(NodeOp.Greater, r, Num(g, high)), -1, -1));
    }

    /// <summary>buy when close breaks above donchian(n).upper and the bar's range exceeds atr(a); sell below .lower.</summary>
    public static StrategyGraph DonchianBreakout(int n, int a)
    {
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        int range = g.Operator(NodeOp.Subtract, g.Series(NodeOp.High), g.Series(NodeOp.Low));
        int atr = Call(g, "atr", Constant(a));
        int buy = g.Operator(NodeOp.And, g.Operator(NodeOp.Greater, close, Field(g, "donchian", "upper", Constant(n))), g.Operator(NodeOp.Greater, range, atr));
        int sell = g.Operator(NodeOp.Less, close, Field(g, "donchian", "lower", Constant(n)));
        return g.Build(new StrategyRules(buy, sell, -1, -1));
    }

    /// <summary>buy when the macd line crosses over its signal, sell when it crosses under.</summary>
    public static StrategyGraph MacdCross(int fast, int slow, int signal)
    {
        var g = new GraphBuilder();
        FunctionArgument[] args = [Node(g.Series(NodeOp.Close)), Constant(fast), Constant(slow), Constant(signal)];
        int line = Field(g, "macd", "line", args), sig = Field(g, "macd", "signal", args);
        return g.Build(new StrategyRules(Call(g, "crossover", Node(line), Node(sig)), Call(g, "crossunder", Node(line), Node(sig)), -1, -1));
    }

    /// <summary>buy when close &lt; the lower band, sell when close > the middle.</summary>
    public static StrategyGraph BollingerReversion(int n, double m)
    {
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        FunctionArgument[] args = [Node(close), Constant(n), Constant(m)];
        return g.Build(new StrategyRules(
            g.Operator(NodeOp.Less, close, Field(g, "bollinger", "lower", args)), g.Operator(NodeOp.Greater, close, Field(g, "bollinger", "mid", args)), -1, -1));
    }

    /// <summary>buy when close > keltner's upper line, sell when close &lt; its middle.</summary>
    public static StrategyGraph KeltnerBreakout(int n, double m, int a)
    {
        var g = new GraphBuilder();
        int close = g.Series(NodeOp.Close);
        FunctionArgument[] args = [Constant(n), Constant(m), Constant(a)];
        return g.Build(new StrategyRules(
            g.Operator(NodeOp.Greater, close, Field(g, "keltner", "upper", args)), g.Operator(NodeOp.Less, close, Field(g, "keltner", "mid", args)), -1, -1));
    }
}
