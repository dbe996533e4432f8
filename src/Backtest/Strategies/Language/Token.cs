namespace Backtest.Strategies.Language;

/// <summary>
/// One token: its kind, its text (an identifier's name, a string's content with escapes resolved, a number as
/// written), its value (numbers) and where it is: 1-based line and column, and its span in the source.
/// </summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column, int Start, int End, double Value = 0)
{
    /// <summary>The binary operators: a line starting with one continues the statement above (strategies.md §1).</summary>
    public bool IsBinaryOperator => Kind is TokenKind.Plus or TokenKind.Minus or TokenKind.Star or TokenKind.Slash
        or TokenKind.And or TokenKind.Or or TokenKind.Question or TokenKind.Colon or TokenKind.Greater or TokenKind.Less
        or TokenKind.GreaterOrEqual or TokenKind.LessOrEqual or TokenKind.EqualEqual or TokenKind.NotEqual;

    public bool IsComparison => Kind is TokenKind.Greater or TokenKind.Less or TokenKind.GreaterOrEqual
        or TokenKind.LessOrEqual or TokenKind.EqualEqual or TokenKind.NotEqual;

    /// <summary>How a message names this token.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Newline => "the end of the line",
        TokenKind.End => "the end of the file",
        TokenKind.String => "a string",
        TokenKind.Identifier => $"the name '{Text}'",
        TokenKind.Int or TokenKind.Num => $"the number {Text}",
        _ => $"'{Text}'",
    };
}
