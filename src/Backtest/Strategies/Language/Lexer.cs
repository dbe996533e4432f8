using System.Globalization;
using System.Text;

namespace Backtest.Strategies.Language;

/// <summary>
/// Splits a strategy file into tokens (strategies.md §1). A newline ends a statement except inside ( ) or [ ] and
/// except before a line whose first token is a binary operator; the tokens keep only the newlines that end one.
/// Stops at the first error: a stray character or a malformed number or string leaves nothing sensible to parse.
/// </summary>
internal sealed class Lexer
{
    /// <summary>Ints are exact to 2^53 (strategies.md §3): a larger int literal is an error, not a rounded value.</summary>
    public const long MaxExactInt = 1L << 53;

    private static readonly Dictionary<string, TokenKind> Keywords = new(StringComparer.Ordinal)
    {
        ["strategy"] = TokenKind.Strategy,
        ["param"] = TokenKind.Param,
        ["require"] = TokenKind.Require,
        ["when"] = TokenKind.When,
        ["in"] = TokenKind.In,
        ["and"] = TokenKind.And,
        ["or"] = TokenKind.Or,
        ["not"] = TokenKind.Not,
        ["true"] = TokenKind.True,
        ["false"] = TokenKind.False,
        ["buy"] = TokenKind.Buy,
        ["sell"] = TokenKind.Sell,
        ["short"] = TokenKind.Short,
        ["cover"] = TokenKind.Cover,
    };

    private readonly string _source;
    private readonly string _file;
    private readonly List<Token> _tokens = [];
    private int _position;
    private int _line = 1;
    private int _column = 1;
    private int _nesting;

    private Lexer(string source, string file)
    {
        _source = source;
        _file = file;
    }

    public static bool IsKeyword(string name) => Keywords.ContainsKey(name);

    /// <summary>The tokens of <paramref name="source"/>, ending with <see cref="TokenKind.End"/>; throws <see cref="StrategyException"/>.</summary>
    public static IReadOnlyList<Token> Tokenize(string source, string file)
    {
        var lexer = new Lexer(source, file);
        lexer.Run();
        return KeepStatementEnds(lexer._tokens);
    }

    private char Current => _source[_position];

    private char At(int offset) => _position + offset < _source.Length ? _source[_position + offset] : '\0';

    private void Run()
    {
        while (_position < _source.Length)
        {
            char c = Current;
            if (c == '\n')
            {
                if (_nesting == 0) _tokens.Add(new Token(TokenKind.Newline, "\n", _line, _column, _position, _position + 1));
                Advance();
            }
            else if (c is ' ' or '\t' or '\r')
            {
                Advance();
            }
            else if (c == '#')
            {
                while (_position < _source.Length && Current != '\n') Advance();
            }
            else if (IsIdentifierStart(c))
            {
                Identifier();
            }
            else if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(At(1))))
            {
                Number();
            }
            else if (c == '"')
            {
                QuotedString();
            }
            else
            {
                Punctuation(c);
            }
        }
        _tokens.Add(new Token(TokenKind.End, "", _line, _column, _position, _position));
    }

    private void Advance()
    {
        // A column counts characters: the second half of a surrogate pair is not one.
        if (Current == '\n')
        {
            _line++;
            _column = 1;
        }
        else if (!char.IsLowSurrogate(Current))
        {
            _column++;
        }
        _position++;
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private StrategyException Error(int line, int column, string message) => new(new StrategyError(_file, line, column, message));

    private void Identifier()
    {
        int start = _position, line = _line, column = _column;
        while (_position < _source.Length && IsIdentifierPart(Current)) Advance();
        string name = _source[start.._position];
        var kind = Keywords.TryGetValue(name, out var keyword) ? keyword : TokenKind.Identifier;
        _tokens.Add(new Token(kind, name, line, column, start, _position));
    }

    private void Number()
    {
        int start = _position, line = _line, column = _column;
        bool isInt = true;
        while (_position < _source.Length && char.IsAsciiDigit(Current)) Advance();
        if (_position < _source.Length && Current == '.' && At(1) != '.')
        {
            // A point is followed by digits: "12." is not a number, and "1..10" is a range.
            if (!char.IsAsciiDigit(At(1)))
                throw Error(line, column, $"'{_source[start.._position]}.' is not a number: a point must be followed by digits (write {_source[start.._position]}.0)");
            isInt = false;
            Advance();
            while (_position < _source.Length && char.IsAsciiDigit(Current)) Advance();
        }
        if (_position < _source.Length && Current is 'e' or 'E'
            && (char.IsAsciiDigit(At(1)) || (At(1) is '+' or '-' && char.IsAsciiDigit(At(2)))))
        {
            isInt = false;
            Advance();
            if (Current is '+' or '-') Advance();
            while (_position < _source.Length && char.IsAsciiDigit(Current)) Advance();
        }
        if (_position < _source.Length && (IsIdentifierPart(Current) || Current == '.' && At(1) != '.'))
        {
            while (_position < _source.Length && (IsIdentifierPart(Current) || Current == '.') && !(Current == '.' && At(1) == '.')) Advance();
            throw Error(line, column, $"'{_source[start.._position]}' is not a number");
        }

        string text = _source[start.._position];
        double value;
        if (isInt)
        {
            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong exact) || exact > MaxExactInt)
                throw Error(line, column, $"the int {text} is beyond 2^53 = {MaxExactInt}, the largest exact int (write it as a num: {text}.0)");
            value = exact;
        }
        else
        {
            value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(value)) throw Error(line, column, $"the number {text} is too large");
        }
        _tokens.Add(new Token(isInt ? TokenKind.Int : TokenKind.Num, text, line, column, start, _position, value));
    }

    private void QuotedString()
    {
        int start = _position, line = _line, column = _column;
        var text = new StringBuilder();
        Advance();
        while (true)
        {
            if (_position >= _source.Length || Current == '\n')
                throw Error(line, column, "this string has no closing '\"' on its line");
            char c = Current;
            if (c == '"')
            {
                Advance();
                break;
            }
            if (c == '\\')
            {
                if (At(1) is not ('"' or '\\'))
                    throw Error(_line, _column, "the only escapes in a string are \\\" and \\\\");
                Advance();
                c = Current;
            }
            text.Append(c);
            Advance();
        }
        _tokens.Add(new Token(TokenKind.String, text.ToString(), line, column, start, _position));
    }

    private void Punctuation(char c)
    {
        int line = _line, column = _column, start = _position;
        char next = At(1);
        (TokenKind Kind, int Length) token = c switch
        {
            '+' => (TokenKind.Plus, 1),
            '-' => (TokenKind.Minus, 1),
            '*' => (TokenKind.Star, 1),
            '/' => (TokenKind.Slash, 1),
            '?' => (TokenKind.Question, 1),
            ':' => (TokenKind.Colon, 1),
            ',' => (TokenKind.Comma, 1),
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            '[' => (TokenKind.LeftBracket, 1),
            ']' => (TokenKind.RightBracket, 1),
            '.' when next == '.' => (TokenKind.DotDot, 2),
            '.' => (TokenKind.Dot, 1),
            '>' when next == '=' => (TokenKind.GreaterOrEqual, 2),
            '>' => (TokenKind.Greater, 1),
            '<' when next == '=' => (TokenKind.LessOrEqual, 2),
            '<' => (TokenKind.Less, 1),
            '=' when next == '=' => (TokenKind.EqualEqual, 2),
            '=' => (TokenKind.Assign, 1),
            '!' when next == '=' => (TokenKind.NotEqual, 2),
            '!' => throw Error(line, column, "unexpected '!': write 'not' for negation, '!=' for not equal"),
            _ => throw Error(line, column, $"unexpected character {Show(c)}"),
        };
        for (int i = 0; i < token.Length; i++) Advance();
        if (token.Kind is TokenKind.LeftParen or TokenKind.LeftBracket) _nesting++;
        if (token.Kind is TokenKind.RightParen or TokenKind.RightBracket && _nesting > 0) _nesting--;
        _tokens.Add(new Token(token.Kind, _source[start.._position], line, column, start, _position));
    }

    private static string Show(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    /// <summary>
    /// Keeps one newline per statement end: none before a line that starts with a binary operator (it continues the
    /// statement above), none for blank lines.
    /// </summary>
    private static List<Token> KeepStatementEnds(List<Token> tokens)
    {
        var kept = new List<Token>(tokens.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Kind != TokenKind.Newline)
            {
                kept.Add(tokens[i]);
                continue;
            }
            int next = i;
            while (tokens[next].Kind == TokenKind.Newline) next++;
            if (!tokens[next].IsBinaryOperator) kept.Add(tokens[i]);
            i = next - 1;
        }
        return kept;
    }
}
