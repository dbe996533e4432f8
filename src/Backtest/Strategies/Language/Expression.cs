using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// A node of an expression's syntax tree (strategies.md §4), located at its first token (an operator's node at the
/// operator). The checker fills in the type: <see cref="Kind"/> for one value, <see cref="Fields"/> for a
/// multi-output function (macd, bollinger...), neither after an error already reported.
/// </summary>
internal abstract class Expression(int line, int column, params Expression[] children)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>Where the expression's text begins: its first operand's start for an infix or postfix operator.</summary>
    public (int Line, int Column) Start { get; } =
        children.Length > 0 && (children[0].Start.Line, children[0].Start.Column).CompareTo((line, column)) < 0 ? children[0].Start : (line, column);

    /// <summary>The operands, in order.</summary>
    public IReadOnlyList<Expression> Children { get; } = children;

    /// <summary>The height of the tree: the parser bounds it so that the recursive passes cannot overflow the stack.</summary>
    public int Depth { get; } = 1 + children.Select(c => c.Depth).DefaultIfEmpty(0).Max();

    // Set by the checker.

    /// <summary>The type of a single value; null for a multi-output value or after an error.</summary>
    public ValueKind? Kind { get; set; }

    /// <summary>The fields of a multi-output value and their types.</summary>
    public IReadOnlyDictionary<string, ValueKind>? Fields { get; set; }

    /// <summary>Made of literals and parameters only (strategies.md §1): known before any data is read.</summary>
    public bool IsConstant { get; set; }

    /// <summary>
    /// Holds a comparison involving a num. At a bar such a comparison's ε includes close[k] (strategies.md §4), so a
    /// constant holding one is not folded where a series is expected: the graph compares it at each bar.
    /// </summary>
    public bool ComparesNumbers { get; set; }

    public bool HasError => Kind is null && Fields is null;
}

/// <summary>An int or num literal.</summary>
internal sealed class NumberLiteral(Token token) : Expression(token.Line, token.Column)
{
    public double Value { get; } = token.Value;

    public bool IsInt { get; } = token.Kind == TokenKind.Int;
}

/// <summary><c>true</c> or <c>false</c>.</summary>
internal sealed class BoolLiteral(Token token) : Expression(token.Line, token.Column)
{
    public bool Value { get; } = token.Kind == TokenKind.True;
}

/// <summary>A parameter, a named series or a built-in series.</summary>
internal sealed class NameReference(Token token) : Expression(token.Line, token.Column)
{
    public string Name { get; } = token.Text;
}

/// <summary><c>-x</c> or <c>not x</c>.</summary>
internal sealed class UnaryExpression(Token op, NodeOp nodeOp, Expression operand) : Expression(op.Line, op.Column, operand)
{
    public NodeOp Op { get; } = nodeOp;

    public Expression Operand => Children[0];
}

/// <summary>An arithmetic, logical or comparison operator, located at the operator.</summary>
internal sealed class BinaryExpression(Token op, NodeOp nodeOp, Expression left, Expression right) : Expression(op.Line, op.Column, left, right)
{
    public NodeOp Op { get; } = nodeOp;

    public Expression Left => Children[0];

    public Expression Right => Children[1];
}

/// <summary><c>c ? a : b</c>, located at the '?'.</summary>
internal sealed class ConditionalExpression(Token question, Expression condition, Expression whenTrue, Expression whenFalse)
    : Expression(question.Line, question.Column, condition, whenTrue, whenFalse)
{
    public Expression Condition => Children[0];

    public Expression WhenTrue => Children[1];

    public Expression WhenFalse => Children[2];
}

/// <summary><c>x[n]</c>, located at the '['.</summary>
internal sealed class LagExpression(Token bracket, Expression series, Expression bars) : Expression(bracket.Line, bracket.Column, series, bars)
{
    public Expression Series => Children[0];

    public Expression Bars => Children[1];
}

/// <summary><c>f(a, b, ...)</c>, located at the function's name.</summary>
internal sealed class CallExpression(Token name, Expression[] arguments) : Expression(name.Line, name.Column, arguments)
{
    public string Name { get; } = name.Text;

    public IReadOnlyList<Expression> Arguments => Children;
}

/// <summary><c>x.field</c>, located at the field's name.</summary>
internal sealed class FieldExpression(Token field, Expression target) : Expression(field.Line, field.Column, target)
{
    public string Field { get; } = field.Text;

    public Expression Target => Children[0];
}
