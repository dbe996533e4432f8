namespace Backtest.Strategies.Graph;

/// <summary>
/// The type rules of strategies.md §3-§4 for operators: what an op gives for its operands' types, or why it
/// does not apply. The language's type checker and the <see cref="GraphBuilder"/> both ask here, so the rules
/// are written once.
/// </summary>
public static class OperatorTyping
{
    /// <summary>The result type of <paramref name="op"/> on operands of these types, or null with <paramref name="error"/> set.</summary>
    public static ValueKind? Result(NodeOp op, ReadOnlySpan<ValueKind> operands, out string? error)
    {
        error = null;
        static bool Numeric(ValueKind k) => k != ValueKind.Bool;
        ValueKind Wider(ValueKind a, ValueKind b) => a == ValueKind.Int && b == ValueKind.Int ? ValueKind.Int : ValueKind.Num;
        switch (op)
        {
            case NodeOp.Negate:
            case NodeOp.Abs:
                if (Numeric(operands[0])) return operands[0];
                error = $"'{Symbol(op)}' needs a number, got a bool";
                return null;
            case NodeOp.Sqrt:
            case NodeOp.Log:
            case NodeOp.Exp:
                if (Numeric(operands[0])) return ValueKind.Num;
                error = $"'{Symbol(op)}' needs a number, got a bool";
                return null;
            case NodeOp.Not:
                if (operands[0] == ValueKind.Bool) return ValueKind.Bool;
                error = $"'not' needs a bool, got {Name(operands[0])}";
                return null;
            case NodeOp.Add:
            case NodeOp.Subtract:
            case NodeOp.Multiply:
            case NodeOp.Min:
            case NodeOp.Max:
                if (Numeric(operands[0]) && Numeric(operands[1])) return Wider(operands[0], operands[1]);
                error = $"'{Symbol(op)}' needs numbers, got {Name(operands[0])} and {Name(operands[1])}";
                return null;
            case NodeOp.Divide:
                if (Numeric(operands[0]) && Numeric(operands[1])) return ValueKind.Num;
                error = $"'/' needs numbers, got {Name(operands[0])} and {Name(operands[1])}";
                return null;
            case NodeOp.And:
            case NodeOp.Or:
                if (operands[0] == ValueKind.Bool && operands[1] == ValueKind.Bool) return ValueKind.Bool;
                error = $"'{Symbol(op)}' needs bools, got {Name(operands[0])} and {Name(operands[1])}";
                return null;
            case NodeOp.Nz:
                return Common(operands[0], operands[1], "nz", out error);
            case NodeOp.Greater:
            case NodeOp.Less:
            case NodeOp.GreaterOrEqual:
            case NodeOp.LessOrEqual:
                if (Numeric(operands[0]) && Numeric(operands[1])) return ValueKind.Bool;
                error = $"'{Symbol(op)}' compares numbers, got {Name(operands[0])} and {Name(operands[1])}";
                return null;
            case NodeOp.Equal:
            case NodeOp.NotEqual:
                if (Numeric(operands[0]) == Numeric(operands[1])) return ValueKind.Bool;
                error = $"'{Symbol(op)}' compares two numbers or two bools, got {Name(operands[0])} and {Name(operands[1])}";
                return null;
            case NodeOp.Condition:
                if (operands[0] != ValueKind.Bool)
                {
                    error = $"the condition of '?:' must be a bool, got {Name(operands[0])}";
                    return null;
                }
                return Common(operands[1], operands[2], "the branches of '?:'", out error);
            default:
                throw new ArgumentException($"{op} is not an operator.", nameof(op));
        }
    }

    /// <summary>Whether a comparison of operands of these types is exact (two ints, two bools) rather than "clearly greater".</summary>
    public static bool ComparesExactly(ValueKind a, ValueKind b) => a == b && a != ValueKind.Num;

    /// <summary>The type both of two values fit (int and num give num), or null when one is a bool and the other is not.</summary>
    private static ValueKind? Common(ValueKind a, ValueKind b, string what, out string? error)
    {
        error = null;
        if (a == b) return a;
        if (a != ValueKind.Bool && b != ValueKind.Bool) return ValueKind.Num;
        error = $"{what} must have one type, got {Name(a)} and {Name(b)}";
        return null;
    }

    public static string Name(ValueKind kind) => kind switch
    {
        ValueKind.Bool => "a bool",
        ValueKind.Int => "an int",
        _ => "a num",
    };

    /// <summary>How an op is written in a strategy file.</summary>
    public static string Symbol(NodeOp op) => op switch
    {
        NodeOp.Negate => "-",
        NodeOp.Not => "not",
        NodeOp.Add => "+",
        NodeOp.Subtract => "-",
        NodeOp.Multiply => "*",
        NodeOp.Divide => "/",
        NodeOp.And => "and",
        NodeOp.Or => "or",
        NodeOp.Greater => ">",
        NodeOp.Less => "<",
        NodeOp.GreaterOrEqual => ">=",
        NodeOp.LessOrEqual => "<=",
        NodeOp.Equal => "==",
        NodeOp.NotEqual => "!=",
        NodeOp.Condition => "?:",
        _ => op.ToString().ToLowerInvariant(),
    };
}
