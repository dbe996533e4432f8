using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// Parses tokens into statements (strategies.md §2) and expressions (§4's precedence: <c>?:</c> right-associative,
/// then or, and, not, comparisons (not chained), + -, * /, unary -, x[n], calls, fields and parentheses). After an
/// error it skips to the next statement, so that one run reports the errors of several statements.
/// </summary>
internal sealed class Parser
{
    /// <summary>
    /// How deeply expressions may nest: bounds the recursion of every pass over a tree, so that a hostile file
    /// (10,000 '(') is an error of §7 rather than a stack overflow.
    /// </summary>
    public const int MaxNesting = 200;

    private const int MaxErrors = 20;

    private readonly IReadOnlyList<Token> _tokens;
    private readonly string _source;
    private readonly string _file;
    private readonly List<StrategyError> _errors = [];
    private int _position;
    private int _nesting;

    private Parser(IReadOnlyList<Token> tokens, string source, string file)
    {
        _tokens = tokens;
        _source = source;
        _file = file;
    }

    /// <summary>The statements of the file, or a <see cref="StrategyException"/> with the syntax errors found.</summary>
    public static IReadOnlyList<Statement> Parse(IReadOnlyList<Token> tokens, string source, string file)
    {
        var parser = new Parser(tokens, source, file);
        var statements = parser.Statements();
        if (parser._errors.Count > 0) throw new StrategyException(parser._errors);
        return statements;
    }

    /// <summary>Thrown inside the parser to abandon a statement; the error is kept and parsing goes on.</summary>
    private sealed class SyntaxError(StrategyError error) : Exception(error.Message)
    {
        public StrategyError Error { get; } = error;
    }

    private Token Peek => _tokens[_position];

    private Token PeekAt(int offset) => _tokens[Math.Min(_position + offset, _tokens.Count - 1)];

    private Token Next()
    {
        var token = _tokens[_position];
        if (token.Kind != TokenKind.End) _position++;
        return token;
    }

    private bool At(TokenKind kind) => Peek.Kind == kind;

    private bool Match(TokenKind kind, out Token token)
    {
        token = Peek;
        if (token.Kind != kind) return false;
        Next();
        return true;
    }

    private Token Expect(TokenKind kind, string what)
    {
        if (Peek.Kind == kind) return Next();
        throw Fail(Peek, $"expected {what}, found {Peek.Describe()}");
    }

    private SyntaxError Fail(Token at, string message) => new(new StrategyError(_file, at.Line, at.Column, message));

    private SyntaxError Fail(Expression at, string message) => new(new StrategyError(_file, at.Line, at.Column, message));

    private List<Statement> Statements()
    {
        var statements = new List<Statement>();
        while (!At(TokenKind.End) && _errors.Count < MaxErrors)
        {
            if (Match(TokenKind.Newline, out _)) continue;
            try
            {
                var statement = Statement();
                if (!At(TokenKind.Newline) && !At(TokenKind.End))
                    throw Fail(Peek, $"expected the end of the statement, found {Peek.Describe()}");
                statements.Add(statement);
            }
            catch (SyntaxError e)
            {
                _errors.Add(e.Error);
                _nesting = 0;
                while (!At(TokenKind.Newline) && !At(TokenKind.End)) Next();
            }
        }
        return statements;
    }

    private Statement Statement()
    {
        var first = Peek;
        switch (first.Kind)
        {
            case TokenKind.Strategy:
                Next();
                var name = Expect(TokenKind.Identifier, "the strategy's name");
                string? description = Match(TokenKind.String, out var text) ? text.Text : null;
                return new StrategyStatement(first.Line, first.Column, name, description);
            case TokenKind.Param:
                return Parameter();
            case TokenKind.Require:
                Next();
                var start = Peek;
                var condition = Expression();
                var end = _tokens[_position - 1];
                string? message = Match(TokenKind.String, out var quoted) ? quoted.Text : null;
                return new RequireStatement(first.Line, first.Column, condition, Text(start, end), message);
            case TokenKind.Buy or TokenKind.Sell or TokenKind.Short or TokenKind.Cover:
                Next();
                Expect(TokenKind.When, $"'when' after '{first.Text}'");
                var rule = first.Kind switch
                {
                    TokenKind.Buy => RuleKind.Buy,
                    TokenKind.Sell => RuleKind.Sell,
                    TokenKind.Short => RuleKind.Short,
                    _ => RuleKind.Cover,
                };
                return new RuleStatement(first.Line, first.Column, rule, Expression());
            case TokenKind.Identifier:
                Next();
                Expect(TokenKind.Assign, $"'=' after '{first.Text}' (a statement 'NAME = EXPRESSION' names a series)");
                return new SeriesStatement(first.Line, first.Column, first, Expression());
            default:
                throw Fail(first, $"expected a statement (strategy, param, require, NAME = ..., buy/sell/short/cover when ...), found {first.Describe()}");
        }
    }

    /// <summary>The condition as written, one line: continuation lines joined by a space.</summary>
    private string Text(Token start, Token end)
    {
        string raw = _source[start.Start..end.End];
        return string.Join(' ', raw.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    private ParameterStatement Parameter()
    {
        var keyword = Next();
        var name = Expect(TokenKind.Identifier, "the parameter's name");
        Expect(TokenKind.Assign, $"'=' after the parameter's name '{name.Text}'");
        var value = Literal("its default value");
        ParameterLiteral? min = null, max = null;
        if (Match(TokenKind.In, out _))
        {
            min = Literal("the lowest value of the range (LOW..HIGH)");
            Expect(TokenKind.DotDot, "'..' between the ends of the range");
            max = Literal("the highest value of the range (LOW..HIGH)");
        }
        return new ParameterStatement(keyword.Line, keyword.Column, name, value, min, max);
    }

    /// <summary>A number literal, optionally with unary minus (strategies.md §2).</summary>
    private ParameterLiteral Literal(string what)
    {
        bool negative = Match(TokenKind.Minus, out var minus);
        var number = Peek;
        if (number.Kind is not (TokenKind.Int or TokenKind.Num))
            throw Fail(number, $"expected {what}, a number, found {number.Describe()}");
        Next();
        var at = negative ? minus : number;
        return new ParameterLiteral(negative ? -number.Value : number.Value, number.Kind == TokenKind.Int, (negative ? "-" : "") + number.Text, at.Line, at.Column);
    }

    private void Enter()
    {
        if (++_nesting > MaxNesting)
            throw Fail(Peek, $"the expression nests too deeply (more than {MaxNesting} levels)");
    }

    /// <summary>A node whose tree is too tall for the later passes is an error where it stands.</summary>
    private T Made<T>(T node)
        where T : Expression
    {
        if (node.Depth > MaxNesting) throw Fail(node, $"the expression nests too deeply (more than {MaxNesting} levels)");
        return node;
    }

    private Expression Expression()
    {
        Enter();
        try
        {
            return Conditional();
        }
        finally
        {
            _nesting--;
        }
    }

    private Expression Conditional()
    {
        var condition = Or();
        if (!Match(TokenKind.Question, out var question)) return condition;
        var whenTrue = Expression();
        Expect(TokenKind.Colon, "':' of 'c ? a : b'");
        var whenFalse = Expression();
        return Made(new ConditionalExpression(question, condition, whenTrue, whenFalse));
    }

    private Expression Or()
    {
        var left = And();
        while (Match(TokenKind.Or, out var op)) left = Made(new BinaryExpression(op, NodeOp.Or, left, And()));
        return left;
    }

    private Expression And()
    {
        var left = Not();
        while (Match(TokenKind.And, out var op)) left = Made(new BinaryExpression(op, NodeOp.And, left, Not()));
        return left;
    }

    private Expression Not()
    {
        if (!Match(TokenKind.Not, out var op)) return Comparison();
        Enter();
        try
        {
            return Made(new UnaryExpression(op, NodeOp.Not, Not()));
        }
        finally
        {
            _nesting--;
        }
    }

    private Expression Comparison()
    {
        var left = Additive();
        if (!Peek.IsComparison) return left;
        var op = Next();
        var node = Made(new BinaryExpression(op, ComparisonOp(op), left, Additive()));
        if (Peek.IsComparison)
            throw Fail(Peek, $"comparisons do not chain: write 'a {op.Text} b and b {Peek.Text} c'");
        return node;
    }

    private static NodeOp ComparisonOp(Token op) => op.Kind switch
    {
        TokenKind.Greater => NodeOp.Greater,
        TokenKind.Less => NodeOp.Less,
        TokenKind.GreaterOrEqual => NodeOp.GreaterOrEqual,
        TokenKind.LessOrEqual => NodeOp.LessOrEqual,
        TokenKind.EqualEqual => NodeOp.Equal,
        _ => NodeOp.NotEqual,
    };

    private Expression Additive()
    {
        var left = Multiplicative();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Next();
            left = Made(new BinaryExpression(op, op.Kind == TokenKind.Plus ? NodeOp.Add : NodeOp.Subtract, left, Multiplicative()));
        }
        return left;
    }

    private Expression Multiplicative()
    {
        var left = Unary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var op = Next();
            left = Made(new BinaryExpression(op, op.Kind == TokenKind.Star ? NodeOp.Multiply : NodeOp.Divide, left, Unary()));
        }
        return left;
    }

    private Expression Unary()
    {
        if (!Match(TokenKind.Minus, out var op)) return Postfix();
        Enter();
        try
        {
            return Made(new UnaryExpression(op, NodeOp.Negate, Unary()));
        }
        finally
        {
            _nesting--;
        }
    }

    private Expression Postfix()
    {
        var value = Primary();
        while (true)
        {
            if (Match(TokenKind.LeftBracket, out var bracket))
            {
                var bars = Expression();
                Expect(TokenKind.RightBracket, "']' closing 'x[n]'");
                value = Made(new LagExpression(bracket, value, bars));
            }
            else if (Match(TokenKind.Dot, out _))
            {
                var field = Expect(TokenKind.Identifier, "a field's name after '.'");
                value = Made(new FieldExpression(field, value));
            }
            else
            {
                return value;
            }
        }
    }

    private Expression Primary()
    {
        var token = Peek;
        switch (token.Kind)
        {
            case TokenKind.Int or TokenKind.Num:
                Next();
                return new NumberLiteral(token);
            case TokenKind.True or TokenKind.False:
                Next();
                return new BoolLiteral(token);
            case TokenKind.Identifier when PeekAt(1).Kind == TokenKind.LeftParen:
                Next();
                Next();
                var arguments = new List<Expression>();
                if (!At(TokenKind.RightParen))
                {
                    do arguments.Add(Expression());
                    while (Match(TokenKind.Comma, out _));
                }
                Expect(TokenKind.RightParen, $"',' or ')' in the call of {token.Text}");
                return Made(new CallExpression(token, [.. arguments]));
            case TokenKind.Identifier:
                Next();
                return new NameReference(token);
            case TokenKind.LeftParen:
                Next();
                var inner = Expression();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.String:
                throw Fail(token, "a string can only follow 'strategy NAME' or 'require CONDITION'");
            default:
                throw Fail(token, $"expected an expression, found {token.Describe()}");
        }
    }
}
