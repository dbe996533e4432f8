using Backtest.Strategies.Language;
using Xunit;

namespace Backtest.Tests.Strategies.Language;

/// <summary>Tokens of strategies.md §1: numbers, strings, comments, and which newlines end a statement.</summary>
public class LexerTests
{
    private static List<(TokenKind Kind, string Text)> Kinds(string source) =>
        [.. Lexer.Tokenize(source, "t.bt").Select(t => (t.Kind, t.Text))];

    private static StrategyError LexError(string source) =>
        Assert.Single(Assert.Throws<StrategyException>(() => Lexer.Tokenize(source, "t.bt")).Errors);

    [Fact]
    public void A_range_reads_as_int_dotdot_int()
    {
        Assert.Equal([(TokenKind.Int, "1"), (TokenKind.DotDot, ".."), (TokenKind.Int, "10"), (TokenKind.End, "")], Kinds("1..10"));
        Assert.Equal([(TokenKind.Num, "0.5"), (TokenKind.DotDot, ".."), (TokenKind.Num, "1.5"), (TokenKind.End, "")], Kinds("0.5..1.5"));
    }

    [Theory]
    [InlineData("12", true, 12.0)]
    [InlineData("12.0", false, 12.0)]
    [InlineData("0.5", false, 0.5)]
    [InlineData(".5", false, 0.5)]
    [InlineData("2e-3", false, 0.002)]
    [InlineData("1E6", false, 1e6)]
    [InlineData("9007199254740992", true, 9007199254740992.0)]
    public void Numbers_are_int_or_num_by_their_form(string text, bool isInt, double value)
    {
        var token = Lexer.Tokenize(text, "t.bt")[0];
        Assert.Equal(isInt ? TokenKind.Int : TokenKind.Num, token.Kind);
        Assert.Equal(value, token.Value);
    }

    [Theory]
    [InlineData("x = 12.", 1, 5)]
    [InlineData("x = 12. + 1", 1, 5)]
    [InlineData("x = 2e", 1, 5)]
    [InlineData("x = 12abc", 1, 5)]
    [InlineData("x = 9007199254740993", 1, 5)]
    public void Malformed_numbers_are_errors_at_their_start(string source, int line, int column)
    {
        var error = LexError(source);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Matches("number|2\\^53", error.Message);
    }

    [Fact]
    public void Twelve_point_says_a_point_must_be_followed_by_digits() =>
        Assert.Contains("a point must be followed by digits", LexError("x = 12.").Message, StringComparison.Ordinal);

    [Fact]
    public void Strings_keep_their_two_escapes()
    {
        var token = Lexer.Tokenize("\"a \\\"b\\\" c\\\\d\"", "t.bt")[0];
        Assert.Equal(TokenKind.String, token.Kind);
        Assert.Equal("a \"b\" c\\d", token.Text);
    }

    [Fact]
    public void Other_escapes_and_unterminated_strings_are_errors()
    {
        var escape = LexError("strategy x \"a\\nb\"");
        Assert.Equal((1, 14), (escape.Line, escape.Column));
        var open = LexError("strategy x \"abc\nbuy when true");
        Assert.Equal((1, 12), (open.Line, open.Column));
    }

    [Fact]
    public void Comments_run_to_the_end_of_the_line()
    {
        Assert.Equal([(TokenKind.Identifier, "x"), (TokenKind.Newline, "\n"), (TokenKind.Identifier, "y"), (TokenKind.End, "")],
            Kinds("x # a comment ( with [ brackets\ny"));
    }

    [Fact]
    public void A_line_starting_with_a_binary_operator_continues_the_statement()
    {
        foreach (string op in new[] { "+", "-", "*", "/", "and", "or", "?", ":", ">", "<", ">=", "<=", "==", "!=" })
        {
            var kinds = Kinds($"x = a\n  {op} b\ny = c");
            Assert.Equal(1, kinds.Count(k => k.Kind == TokenKind.Newline));
            Assert.Equal(TokenKind.Identifier, kinds[kinds.FindIndex(k => k.Kind == TokenKind.Newline) + 1].Kind);
        }
    }

    [Fact]
    public void Newlines_inside_brackets_do_not_end_a_statement_and_blank_lines_collapse()
    {
        var kinds = Kinds("x = max(a,\n b)[\n1]\n\n\n# c\ny = 1");
        Assert.Equal(1, kinds.Count(k => k.Kind == TokenKind.Newline));
    }

    [Fact]
    public void A_line_starting_with_not_is_a_new_statement() =>
        Assert.Equal(1, Kinds("x = a\nnot b").Count(k => k.Kind == TokenKind.Newline));

    [Fact]
    public void Tokens_know_their_line_and_column_a_tab_counting_one()
    {
        var tokens = Lexer.Tokenize("a\n\tbb  >= 3", "t.bt");
        Assert.Equal((1, 1), (tokens[0].Line, tokens[0].Column));
        Assert.Equal((2, 2), (tokens[2].Line, tokens[2].Column));
        Assert.Equal((2, 6), (tokens[3].Line, tokens[3].Column));
        Assert.Equal((2, 9), (tokens[4].Line, tokens[4].Column));
    }

    [Fact]
    public void Keywords_are_case_sensitive()
    {
        Assert.Equal(TokenKind.Buy, Lexer.Tokenize("buy", "t.bt")[0].Kind);
        Assert.Equal(TokenKind.Identifier, Lexer.Tokenize("Buy", "t.bt")[0].Kind);
    }

    [Theory]
    [InlineData("x = a ! b", 1, 7)]
    [InlineData("x = a $ b", 1, 7)]
    [InlineData("x = é", 1, 5)]
    [InlineData("x = 1\ny = \u0001", 2, 5)]
    public void Stray_characters_are_errors_where_they_stand(string source, int line, int column)
    {
        var error = LexError(source);
        Assert.Equal((line, column), (error.Line, error.Column));
    }
}
