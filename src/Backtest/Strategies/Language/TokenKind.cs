namespace Backtest.Strategies.Language;

/// <summary>The kinds of token of a strategy file (strategies.md §1).</summary>
internal enum TokenKind : byte
{
    Identifier,
    Int,
    Num,
    String,

    // Keywords.
    Strategy,
    Param,
    Require,
    When,
    In,
    And,
    Or,
    Not,
    True,
    False,
    Buy,
    Sell,
    Short,
    Cover,

    // Punctuation and operators.
    Plus,
    Minus,
    Star,
    Slash,
    Greater,
    Less,
    GreaterOrEqual,
    LessOrEqual,
    EqualEqual,
    NotEqual,
    Assign,
    Question,
    Colon,
    Comma,
    Dot,
    DotDot,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,

    /// <summary>The end of a statement.</summary>
    Newline,
    End,
}
