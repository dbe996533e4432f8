using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Reference;

/// <summary>
/// The comparisons of strategies.md §4, written once: "clearly greater" for num operands, exact for two ints or two
/// bools. Every comparison op is defined from one "greater" so that a tolerance can never make a &gt; b and b &gt; a
/// both hold, and values equal in exact arithmetic (flat prices) compare equal whatever the order of additions.
/// </summary>
public static class Comparison
{
    /// <summary>ε = <see cref="RelativeEpsilon"/> × max(|a|, |b|, close[k]) (strategies.md §4, semantics §3).</summary>
    public const double RelativeEpsilon = 1e-9;

    /// <summary>a ≻ b: a − b &gt; ε with ε = 1e-9 × max(|a|, |b|, close). Operands are defined (not na).</summary>
    public static bool ClearlyGreater(double a, double b, double close) =>
        a - b > RelativeEpsilon * Math.Max(Math.Max(Math.Abs(a), Math.Abs(b)), close);

    /// <summary>
    /// Whether the comparison <paramref name="op"/> holds for defined operands at a bar whose close is
    /// <paramref name="close"/>; <paramref name="exact"/> for two ints or two bools (<see cref="StrategyGraph.ComparesExactly"/>).
    /// </summary>
    public static bool Holds(NodeOp op, double a, double b, double close, bool exact)
    {
        bool Greater(double x, double y) => exact ? x > y : ClearlyGreater(x, y, close);
        return op switch
        {
            NodeOp.Greater => Greater(a, b),
            NodeOp.Less => Greater(b, a),
            NodeOp.GreaterOrEqual => !Greater(b, a),
            NodeOp.LessOrEqual => !Greater(a, b),
            NodeOp.Equal => !Greater(a, b) && !Greater(b, a),
            NodeOp.NotEqual => Greater(a, b) || Greater(b, a),
            _ => throw new ArgumentException($"{op} is not a comparison.", nameof(op)),
        };
    }
}
