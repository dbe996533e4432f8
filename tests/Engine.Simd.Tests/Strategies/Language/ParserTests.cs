using System.Globalization;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Language;
using Xunit;

namespace Backtest.Tests.Strategies.Language;

/// <summary>The grammar of strategies.md §2 and the precedence of §4, read back as fully parenthesized text.</summary>
public class ParserTests
{
    private static Expression Parse(string expression)
    {
        var statements = Parser.Parse(Lexer.Tokenize($"x = {expression}\n", "t.bt"), $"x = {expression}\n", "t.bt");
        return ((SeriesStatement)Assert.Single(statements)).Value;
    }

    /// <summary>An expression with every operation in parentheses.</summary>
    private static string Show(Expression e) => e switch
    {
        NumberLiteral n => n.Value.ToString(CultureInfo.InvariantCulture),
        BoolLiteral b => b.Value ? "true" : "false",
        NameReference r => r.Name,
        UnaryExpression u => $"({OperatorTyping.Symbol(u.Op)} {Show(u.Operand)})",
        BinaryExpression b => $"({Show(b.Left)} {OperatorTyping.Symbol(b.Op)} {Show(b.Right)})",
        ConditionalExpression c => $"({Show(c.Condition)} ? {Show(c.WhenTrue)} : {Show(c.WhenFalse)})",
        LagExpression l => $"{Show(l.Series)}[{Show(l.Bars)}]",
        CallExpression c => $"{c.Name}({string.Join(", ", c.Arguments.Select(Show))})",
        FieldExpression f => $"{Show(f.Target)}.{f.Field}",
        _ => "?",
    };

    [Theory]
    [InlineData("a + b * c", "(a + (b * c))")]
    [InlineData("a - b - c", "((a - b) - c)")]
    [InlineData("a / b * c", "((a / b) * c)")]
    [InlineData("-a * b", "((- a) * b)")]
    [InlineData("-x[1]", "(- x[1])")]
    [InlineData("- - a", "(- (- a))")]
    [InlineData("a + b > c * d", "((a + b) > (c * d))")]
    [InlineData("not a > b", "(not (a > b))")]
    [InlineData("not a and b", "((not a) and b)")]
    [InlineData("a or b and c", "(a or (b and c))")]
    [InlineData("a and b or c and d", "((a and b) or (c and d))")]
    [InlineData("a ? b : c ? d : e", "(a ? b : (c ? d : e))")]
    [InlineData("a or b ? c : d", "((a or b) ? c : d)")]
    [InlineData("a ? b ? c : d : e", "(a ? (b ? c : d) : e)")]
    [InlineData("m.line[1]", "m.line[1]")]
    [InlineData("macd(close, 12, 26, 9).signal > 0", "(macd(close, 12, 26, 9).signal > 0)")]
    [InlineData("x[n * 2]", "x[(n * 2)]")]
    [InlineData("(a + b) * c", "((a + b) * c)")]
    [InlineData("tr()", "tr()")]
    public void Operators_bind_by_the_precedence_of_section_4(string source, string expected) =>
        Assert.Equal(expected, Show(Parse(source)));

    [Theory]
    [InlineData("a < b < c", 11)]
    [InlineData("a == b != c", 12)]
    [InlineData("a + 1 >= b <= c", 16)]
    public void Comparisons_do_not_chain(string source, int column)
    {
        var (at, message) = StrategySource.Error($"x = {source}", "buy when true");
        Assert.Equal($"1:{column}", at);
        Assert.Contains("comparisons do not chain", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_continued_statement_reads_as_one_expression()
    {
        var statements = Parser.Parse(Lexer.Tokenize("x = a\n  + b\n  * c\ny = 1\n", "t.bt"), "", "t.bt");
        Assert.Equal(2, statements.Count);
        Assert.Equal("(a + (b * c))", Show(((SeriesStatement)statements[0]).Value));
    }

    [Fact]
    public void Statements_parse_to_their_parts()
    {
        string source = StrategySource.Lines(
            "strategy demo \"a \\\"demo\\\"\"",
            "param n = 5 in 1..10",
            "param k = -2.5 in -10..10.5",
            "param free = 3",
            "require n > 1 and k < 0 \"n too small\"",
            "s = sma(close, n)",
            "buy when close > s",
            "sell when close < s");
        var statements = Parser.Parse(Lexer.Tokenize(source, "t.bt"), source, "t.bt");
        Assert.Equal(8, statements.Count);
        var strategy = Assert.IsType<StrategyStatement>(statements[0]);
        Assert.Equal(("demo", "a \"demo\""), (strategy.Name.Text, strategy.Description));
        var k = Assert.IsType<ParameterStatement>(statements[2]);
        Assert.Equal((-2.5, false, -10.0, 10.5), (k.Default.Value, k.Default.IsInt, k.Min!.Value.Value, k.Max!.Value.Value));
        var free = Assert.IsType<ParameterStatement>(statements[3]);
        Assert.Null(free.Min);
        var require = Assert.IsType<RequireStatement>(statements[4]);
        Assert.Equal(("n > 1 and k < 0", "n too small"), (require.Text, require.Message));
        Assert.Equal(RuleKind.Sell, Assert.IsType<RuleStatement>(statements[7]).Rule);
    }

    [Fact]
    public void Several_syntax_errors_are_reported_at_once()
    {
        var errors = StrategySource.Errors("x = 1 +", "y = 2 2", "buy close > 1");
        Assert.Equal(["1:8", "2:7", "3:5"], errors.Select(e => $"{e.Line}:{e.Column}"));
    }

    [Fact]
    public void Ten_thousand_open_parentheses_are_an_error_not_a_stack_overflow()
    {
        var (at, message) = StrategySource.Error("x = " + new string('(', 10_000) + "1", "buy when true");
        Assert.StartsWith("1:", at, StringComparison.Ordinal);
        Assert.Contains("nests too deeply", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- ")]
    [InlineData("not ")]
    [InlineData("1 + ")]
    [InlineData("x[")]
    public void Long_chains_are_bounded_too(string piece)
    {
        string body = piece switch
        {
            "x[" => string.Concat(Enumerable.Repeat("x[", 5000)) + "1" + new string(']', 5000),
            _ => string.Concat(Enumerable.Repeat(piece, 100_000)) + "1",
        };
        var errors = StrategySource.Errors("x = 1", "y = " + body, "buy when true");
        Assert.Contains(errors, e => e.Message.Contains("nests too deeply", StringComparison.Ordinal));
    }
}
