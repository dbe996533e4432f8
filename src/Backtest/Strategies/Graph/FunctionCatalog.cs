namespace Backtest.Strategies.Graph;

/// <summary>What a function argument must be (strategies.md §5).</summary>
public enum ArgumentKind : byte
{
    /// <summary>x: a num series (an int series is accepted).</summary>
    Series,

    /// <summary>Any series, bool included (the operands of nz).</summary>
    AnySeries,

    /// <summary>n, f, s, g: a constant int ≥ 1.</summary>
    Period,

    /// <summary>m: a constant num ≥ 0.</summary>
    Amount,
}

/// <summary>One argument as the lowering sees it: a series' node, or a constant's value.</summary>
public readonly record struct FunctionArgument(int Node, double Constant)
{
    public int Period => (int)Constant;

    public static FunctionArgument OfNode(int node) => new(node, 0);

    public static FunctionArgument OfConstant(double value) => new(-1, value);
}

/// <summary>A function's value: one node, or a node per field (<c>macd(...).signal</c>).</summary>
public sealed record FunctionValue(int Node, IReadOnlyDictionary<string, int>? Fields)
{
    public static FunctionValue Single(int node) => new(node, null);
}

/// <summary>
/// A function of strategies.md §5: its arguments, fields, a line for the docs, and its lowering into graph nodes.
/// <see cref="Check"/> holds the rules between constants beyond each argument's own (macd's f &lt; s).
/// </summary>
public sealed record FunctionSignature(
    string Name,
    IReadOnlyList<ArgumentKind> Arguments,
    IReadOnlyList<string> Fields,
    string Summary,
    Func<GraphBuilder, IReadOnlyList<FunctionArgument>, FunctionValue> Lower,
    Func<IReadOnlyList<FunctionArgument>, string?>? Check = null)
{
    public bool HasFields => Fields.Count > 0;

    /// <summary>The arguments' names, as strategies.md §5 writes them: x a b v (series), n f s g a (periods), m (amounts).</summary>
    public required IReadOnlyList<string> ArgumentNames { get; init; }

    /// <summary>How it is called, for messages and docs: <c>macd(x, f, s, g)</c>.</summary>
    public string Usage => $"{Name}({string.Join(", ", ArgumentNames)})";
}

/// <summary>
/// Every function of strategies.md §5 and how it lowers to <see cref="NodeOp"/>s. Multi-output functions lower to a
/// node per field, and compositions reuse nodes: macd's line is ema − ema, its signal an ema of the line, so a
/// strategy that also uses <c>ema(close, 12)</c> computes it once.
/// </summary>
public static class FunctionCatalog
{
    private static readonly ArgumentKind[] SeriesAndPeriod = [ArgumentKind.Series, ArgumentKind.Period];
    private static readonly ArgumentKind[] OnePeriod = [ArgumentKind.Period];
    private static readonly ArgumentKind[] OneSeries = [ArgumentKind.Series];
    private static readonly ArgumentKind[] TwoSeries = [ArgumentKind.Series, ArgumentKind.Series];
    private static readonly string[] NoFields = [];

    private static FunctionSignature Windowed(string name, NodeOp op, string summary) =>
        new(name, SeriesAndPeriod, NoFields, summary, (g, a) => FunctionValue.Single(g.Function(op, a[0].Node, a[1].Period))) { ArgumentNames = ["x", "n"] };

    private static FunctionSignature Unary(string name, NodeOp op, string summary) =>
        new(name, OneSeries, NoFields, summary, (g, a) => FunctionValue.Single(g.Operator(op, a[0].Node))) { ArgumentNames = ["x"] };

    private static FunctionValue Fields(params (string Name, int Node)[] fields) =>
        new(-1, fields.ToDictionary(f => f.Name, f => f.Node));

    /// <summary>Every function by name.</summary>
    public static IReadOnlyDictionary<string, FunctionSignature> All { get; } = new[]
    {
        Windowed("sma", NodeOp.Sma, "simple moving average of x over n bars"),
        Windowed("ema", NodeOp.Ema, "exponential moving average, α = 2/(n+1), seeded with sma(x, n)"),
        Windowed("rma", NodeOp.Rma, "Wilder's moving average, α = 1/n, seeded with sma(x, n)"),
        Windowed("wma", NodeOp.Wma, "linearly weighted moving average (the newest bar weighs n)"),
        Windowed("stdev", NodeOp.Stdev, "population standard deviation of x over n bars"),
        Windowed("sum", NodeOp.Sum, "sum of x over n bars"),
        Windowed("highest", NodeOp.Highest, "largest x over n bars"),
        Windowed("lowest", NodeOp.Lowest, "smallest x over n bars"),
        Windowed("rsi", NodeOp.Rsi, "Wilder's relative strength index (50 when x does not move)"),
        new FunctionSignature("roc", SeriesAndPeriod, NoFields, "rate of change in percent: 100·(x − x[n]) / x[n]", (g, a) =>
        {
            int back = g.Lag(a[0].Node, a[1].Period);
            int change = g.Operator(NodeOp.Multiply, g.Constant(100, ValueKind.Int), g.Operator(NodeOp.Subtract, a[0].Node, back));
            return FunctionValue.Single(g.Operator(NodeOp.Divide, change, back));
        }) { ArgumentNames = ["x", "n"] },
        new FunctionSignature("macd", [ArgumentKind.Series, ArgumentKind.Period, ArgumentKind.Period, ArgumentKind.Period], ["line", "signal", "hist"],
            "MACD: .line = ema(x, f) − ema(x, s), .signal = ema(line, g), .hist = line − signal", (g, a) =>
            {
                int line = g.Operator(NodeOp.Subtract, g.Function(NodeOp.Ema, a[0].Node, a[1].Period), g.Function(NodeOp.Ema, a[0].Node, a[2].Period));
                int signal = g.Function(NodeOp.Ema, line, a[3].Period);
                return Fields(("line", line), ("signal", signal), ("hist", g.Operator(NodeOp.Subtract, line, signal)));
            },
            a => a[1].Constant < a[2].Constant ? null : $"macd needs its fast period below its slow one (got {a[1].Constant} and {a[2].Constant})") { ArgumentNames = ["x", "f", "s", "g"] },
        new FunctionSignature("bollinger", [ArgumentKind.Series, ArgumentKind.Period, ArgumentKind.Amount], ["mid", "upper", "lower"],
            "Bollinger Bands: .mid = sma(x, n), .upper/.lower = mid ± m·stdev(x, n)", (g, a) =>
            {
                int mid = g.Function(NodeOp.Sma, a[0].Node, a[1].Period);
                int width = g.Operator(NodeOp.Multiply, g.Constant(a[2].Constant, ValueKind.Num), g.Function(NodeOp.Stdev, a[0].Node, a[1].Period));
                return Fields(("mid", mid), ("upper", g.Operator(NodeOp.Add, mid, width)), ("lower", g.Operator(NodeOp.Subtract, mid, width)));
            }) { ArgumentNames = ["x", "n", "m"] },
        new FunctionSignature("tr", [], NoFields, "true range: max(high − low, |high − close[1]|, |low − close[1]|)", (g, _) => FunctionValue.Single(g.TrueRange())) { ArgumentNames = [] },
        new FunctionSignature("atr", OnePeriod, NoFields, "average true range: rma(tr(), n)", (g, a) => FunctionValue.Single(g.Function(NodeOp.Rma, g.TrueRange(), a[0].Period))) { ArgumentNames = ["n"] },
        new FunctionSignature("stoch", [ArgumentKind.Period, ArgumentKind.Period, ArgumentKind.Period], ["k", "d"],
            "stochastic oscillator: raw = 100·(close − lowest(low, n)) / range, .k = sma(raw, f), .d = sma(k, g)", (g, a) =>
            {
                int k = g.Function(NodeOp.Sma, g.StochRaw(a[0].Period), a[1].Period);
                return Fields(("k", k), ("d", g.Function(NodeOp.Sma, k, a[2].Period)));
            }) { ArgumentNames = ["n", "f", "g"] },
        new FunctionSignature("willr", OnePeriod, NoFields, "Williams %R: stoch's raw %K − 100 (−100 when the range is 0)", (g, a) =>
            FunctionValue.Single(g.Operator(NodeOp.Subtract, g.StochRaw(a[0].Period), g.Constant(100, ValueKind.Int)))) { ArgumentNames = ["n"] },
        new FunctionSignature("cci", OnePeriod, NoFields, "commodity channel index of the typical price (high + low + close)/3", (g, a) => FunctionValue.Single(g.Cci(a[0].Period))) { ArgumentNames = ["n"] },
        new FunctionSignature("donchian", OnePeriod, ["upper", "lower", "mid"],
            "Donchian channel of the n bars before this one: .upper = highest(high, n)[1], .lower = lowest(low, n)[1], .mid", (g, a) =>
            {
                int upper = g.Lag(g.Function(NodeOp.Highest, g.Series(NodeOp.High), a[0].Period), 1);
                int lower = g.Lag(g.Function(NodeOp.Lowest, g.Series(NodeOp.Low), a[0].Period), 1);
                int mid = g.Operator(NodeOp.Divide, g.Operator(NodeOp.Add, upper, lower), g.Constant(2, ValueKind.Int));
                return Fields(("upper", upper), ("lower", lower), ("mid", mid));
            }) { ArgumentNames = ["n"] },
        new FunctionSignature("keltner", [ArgumentKind.Period, ArgumentKind.Amount, ArgumentKind.Period], ["mid", "upper", "lower"],
            "Keltner channel: .mid = ema(close, n), .upper/.lower = mid ± m·atr(a)", (g, a) =>
            {
                int mid = g.Function(NodeOp.Ema, g.Series(NodeOp.Close), a[0].Period);
                int width = g.Operator(NodeOp.Multiply, g.Constant(a[1].Constant, ValueKind.Num), g.Function(NodeOp.Rma, g.TrueRange(), a[2].Period));
                return Fields(("mid", mid), ("upper", g.Operator(NodeOp.Add, mid, width)), ("lower", g.Operator(NodeOp.Subtract, mid, width)));
            }) { ArgumentNames = ["n", "m", "a"] },
        new FunctionSignature("obv", [], NoFields, "on-balance volume: ± volume as close rises or falls", (g, _) => FunctionValue.Single(g.Obv())) { ArgumentNames = [] },
        new FunctionSignature("crossover", TwoSeries, NoFields, "a > b at this bar and not at the one before", (g, a) => FunctionValue.Single(CrossOver(g, a[0].Node, a[1].Node))) { ArgumentNames = ["a", "b"] },
        new FunctionSignature("crossunder", TwoSeries, NoFields, "crossover(b, a)", (g, a) => FunctionValue.Single(CrossOver(g, a[1].Node, a[0].Node))) { ArgumentNames = ["a", "b"] },
        Unary("abs", NodeOp.Abs, "absolute value"),
        Unary("sqrt", NodeOp.Sqrt, "square root (na below 0)"),
        Unary("log", NodeOp.Log, "natural logarithm (na at or below 0)"),
        Unary("exp", NodeOp.Exp, "e to the power x"),
        new FunctionSignature("min", TwoSeries, NoFields, "the smaller of a and b", (g, a) => FunctionValue.Single(g.Operator(NodeOp.Min, a[0].Node, a[1].Node))) { ArgumentNames = ["a", "b"] },
        new FunctionSignature("max", TwoSeries, NoFields, "the larger of a and b", (g, a) => FunctionValue.Single(g.Operator(NodeOp.Max, a[0].Node, a[1].Node))) { ArgumentNames = ["a", "b"] },
        new FunctionSignature("nz", [ArgumentKind.AnySeries, ArgumentKind.AnySeries], NoFields, "x, or v where x is na", (g, a) => FunctionValue.Single(g.Operator(NodeOp.Nz, a[0].Node, a[1].Node))) { ArgumentNames = ["x", "v"] },
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>a > b and not (a[1] > b[1]): each comparison at its own bar (strategies.md §5).</summary>
    private static int CrossOver(GraphBuilder g, int a, int b)
    {
        int above = g.Operator(NodeOp.Greater, a, b);
        return g.Operator(NodeOp.And, above, g.Operator(NodeOp.Not, g.Lag(above, 1)));
    }
}
