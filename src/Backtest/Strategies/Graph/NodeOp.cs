namespace Backtest.Strategies.Graph;

/// <summary>
/// The primitive operations a strategy compiles to (strategies.md §3-§5). Every function of §5 is one of
/// these or a composition of them (<see cref="FunctionCatalog"/>): macd is two emas, their difference and an
/// ema of it, so that equal sub-expressions (the same ema in two functions) are one node of the graph.
/// </summary>
/// <remarks>
/// Values are doubles in the reference: na is NaN, a bool is 1 or 0. Every op gives na when an operand is na
/// (strategies.md §3), except <see cref="Nz"/>. A comparison of num operands is "clearly greater" with
/// ε = 1e-9 × max(|a|, |b|, close[k]) (strategies.md §4); of two ints or two bools it is exact.
/// </remarks>
public enum NodeOp : byte
{
    // Built-in series (num; Bar is int, = k).
    Open,
    High,
    Low,
    Close,
    Volume,
    Bar,

    /// <summary>A constant series: a literal or a parameter, folded (<see cref="GraphNode.Value"/>).</summary>
    Constant,

    // Unary.
    Negate,
    Not,
    Abs,
    /// <summary>na for a negative operand.</summary>
    Sqrt,
    /// <summary>Natural logarithm; na for an operand ≤ 0.</summary>
    Log,
    Exp,

    // Binary.
    Add,
    Subtract,
    Multiply,
    /// <summary>Always num; x / 0 is na.</summary>
    Divide,
    Min,
    Max,
    And,
    Or,
    /// <summary>nz(x, v): v where x is na, else x.</summary>
    Nz,

    // Comparisons (bool).
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
    Equal,
    NotEqual,

    /// <summary>c ? a : b (In0 ? In1 : In2); na when any of the three is na.</summary>
    Condition,

    /// <summary>x[n]: x at bar k − n, na for k &lt; n (<see cref="GraphNode.Period"/> = n ≥ 0).</summary>
    Lag,

    // Window functions of x over n bars (na while the window holds an na).
    Sma,
    Wma,
    /// <summary>Population standard deviation.</summary>
    Stdev,
    Sum,
    Highest,
    Lowest,

    // Recursive functions of x (an na input leaves the state unchanged and gives na; seeds count defined inputs).
    /// <summary>α = 2/(n+1), seeded with the mean of the first n defined inputs.</summary>
    Ema,
    /// <summary>Wilder's smoothing, seeded with the mean of the first n defined inputs.</summary>
    Rma,
    /// <summary>Wilder's RSI of x (strategies.md §5): 50 where both averages are 0.</summary>
    Rsi,

    /// <summary>True range, na at bar 0 (no close[1]). atr(n) is rma(tr(), n).</summary>
    TrueRange,

    /// <summary>
    /// Stochastic raw %K of In0 = close, In1 = highest(high, n), In2 = lowest(low, n):
    /// 100·(close − lowest)/(highest − lowest), 0 where highest = lowest (exactly). willr is this − 100.
    /// </summary>
    StochRaw,

    /// <summary>
    /// Commodity channel index of In0 = the typical price over n bars: (tp − sma(tp, n)) / (0.015 · mean deviation);
    /// na where the mean deviation is not clearly greater than 0 (§4's ε at bar k).
    /// </summary>
    Cci,

    /// <summary>On-balance volume: 0 at bar 0, ± volume as close rises or falls (exact comparison).</summary>
    Obv,
}
