using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// Evaluates a constant (literals and parameters, strategies.md §1) for one set of parameter values: na is NaN, a
/// bool is 1 or 0. Ints stay exact: + − × of ints is computed in integers and beyond 2^53 is an error; comparisons
/// of two ints (or two bools) are exact, others use ε = 1e-9 × max(|a|, |b|) (the require rule of §2: there is no
/// bar, hence no close[k]).
/// </summary>
internal sealed class ConstantEvaluator(IReadOnlyDictionary<string, double> parameters, string file)
{
    public double Evaluate(Expression e)
    {
        switch (e)
        {
            case NumberLiteral n:
                return n.Value;
            case BoolLiteral b:
                return b.Value ? 1 : 0;
            case NameReference name:
                return parameters[name.Name];
            case UnaryExpression u:
                double x = Evaluate(u.Operand);
                if (double.IsNaN(x)) return double.NaN;
                return u.Op == NodeOp.Not ? 1 - x : -x;
            case BinaryExpression b:
                return Binary(b, Evaluate(b.Left), Evaluate(b.Right));
            case ConditionalExpression c:
                // na in any operand gives na (strategies.md §3), so all three are evaluated.
                double condition = Evaluate(c.Condition), whenTrue = Evaluate(c.WhenTrue), whenFalse = Evaluate(c.WhenFalse);
                if (double.IsNaN(condition) || double.IsNaN(whenTrue) || double.IsNaN(whenFalse)) return double.NaN;
                return condition != 0 ? whenTrue : whenFalse;
            default:
                throw new InvalidOperationException($"{e.GetType().Name} is not a constant.");
        }
    }

    private double Binary(BinaryExpression b, double x, double y)
    {
        if (double.IsNaN(x) || double.IsNaN(y)) return double.NaN;
        bool ints = b.Left.Kind == ValueKind.Int && b.Right.Kind == ValueKind.Int;
        bool exact = OperatorTyping.ComparesExactly(b.Left.Kind!.Value, b.Right.Kind!.Value);
        return b.Op switch
        {
            NodeOp.Add when ints => ExactInt(b, (Int128)(long)x + (long)y),
            NodeOp.Subtract when ints => ExactInt(b, (Int128)(long)x - (long)y),
            NodeOp.Multiply when ints => ExactInt(b, (Int128)(long)x * (long)y),
            NodeOp.Add => x + y,
            NodeOp.Subtract => x - y,
            NodeOp.Multiply => x * y,
            NodeOp.Divide => y == 0 ? double.NaN : x / y,
            NodeOp.And => x != 0 && y != 0 ? 1 : 0,
            NodeOp.Or => x != 0 || y != 0 ? 1 : 0,
            NodeOp.Greater => Truth(Greater(x, y, exact)),
            NodeOp.Less => Truth(Greater(y, x, exact)),
            NodeOp.GreaterOrEqual => Truth(!Greater(y, x, exact)),
            NodeOp.LessOrEqual => Truth(!Greater(x, y, exact)),
            NodeOp.Equal => Truth(!Greater(x, y, exact) && !Greater(y, x, exact)),
            NodeOp.NotEqual => Truth(Greater(x, y, exact) || Greater(y, x, exact)),
            _ => throw new InvalidOperationException($"{b.Op} is not a binary operator."),
        };
    }

    private static double Truth(bool value) => value ? 1 : 0;

    /// <summary>"Clearly greater" (strategies.md §2, §4), exact for two ints or two bools.</summary>
    public static bool Greater(double a, double b, bool exact) =>
        exact ? a > b : a - b > 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

    private double ExactInt(BinaryExpression at, Int128 value)
    {
        if (Int128.Abs(value) > Lexer.MaxExactInt)
            throw new StrategyException(new StrategyError(file, at.Line, at.Column,
                $"int overflow: {value} is beyond 2^53, the largest exact int (write a num, e.g. 2.0, to compute in num)"));
        return (double)value;
    }
}
