using Xunit;

namespace Backtest.Tests.Strategies.Language;

/// <summary>
/// The errors of strategies.md §7 that the checker finds, each at its exact line and column: names, types,
/// constants, rules and parameter declarations.
/// </summary>
public class CheckerErrorTests
{
    private static void AssertError(string at, string fragment, params string[] lines)
    {
        var (where, message) = StrategySource.Error(lines);
        Assert.Equal(at, where);
        Assert.Contains(fragment, message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_name() =>
        AssertError("2:18", "unknown name 'position'", "x = 1", "buy when close > position");

    [Fact]
    public void An_unknown_function() =>
        AssertError("1:14", "unknown function 'vwap'", "buy when 1 < vwap(close)");

    [Fact]
    public void A_name_used_before_its_definition() =>
        AssertError("1:18", "'s' is used before it is defined (line 2)", "buy when close > s", "s = sma(close, 5)");

    [Fact]
    public void A_name_defined_in_terms_of_itself() =>
        AssertError("1:5", "used before it is defined", "x = x + 1", "buy when x > 0");

    [Fact]
    public void A_name_defined_twice() =>
        AssertError("2:1", "'x' is already defined on line 1", "x = 1", "x = 2", "buy when x > 0");

    [Theory]
    [InlineData("close = 1", "'close' is a built-in series")]
    [InlineData("bar = 1", "'bar' is a built-in series")]
    [InlineData("sma = 1", "'sma' is a function")]
    public void A_name_that_shadows_a_built_in(string definition, string fragment) =>
        AssertError("1:1", fragment, definition, "buy when true");

    [Fact]
    public void A_series_that_shadows_a_parameter() =>
        AssertError("2:1", "'n' is already defined on line 1", "param n = 5", "n = 2", "buy when true");

    [Fact]
    public void A_parameter_that_is_an_option_of_the_run() =>
        AssertError("1:7", "'capital' is an option of the run", "param capital = 5", "buy when true");

    [Fact]
    public void A_function_used_as_a_value() =>
        AssertError("1:18", "'sma' is a function: call it as sma(x, n)", "buy when close > sma");

    [Fact]
    public void A_series_called_as_a_function() =>
        AssertError("1:10", "'close' is not a function", "buy when close(1) > 0");

    [Theory]
    [InlineData("buy when sma(close) > 0", "1:10", "sma(x, n) takes 2 arguments, got 1")]
    [InlineData("buy when atr(14, 2) > 0", "1:10", "atr(n) takes 1 argument, got 2")]
    [InlineData("buy when tr(close) > 0", "1:10", "tr() takes 0 arguments, got 1")]
    public void A_wrong_number_of_arguments(string line, string at, string fragment) =>
        AssertError(at, fragment, line);

    [Theory]
    [InlineData("buy when sma(close, 2.0) > 0", "1:21", "is a period: a constant int ≥ 1, got a num")]
    [InlineData("buy when sma(close, bar) > 0", "1:21", "is a period: a constant int ≥ 1 (literals and parameters only), got a series")]
    [InlineData("buy when sma(close, 0) > 0", "1:21", "must be ≥ 1, got 0")]
    [InlineData("buy when sma(close, 3 - 5) > 0", "1:21", "must be ≥ 1, got -2")]
    [InlineData("buy when bollinger(close, 20, -1).upper > 0", "1:31", "must be ≥ 0, got -1")]
    [InlineData("buy when bollinger(close, 20, close).upper > 0", "1:31", "must be a constant num ≥ 0 (literals and parameters only), got a series")]
    [InlineData("buy when close[1.0] > 0", "1:16", "the n of x[n] must be a constant int ≥ 0")]
    [InlineData("buy when close[bar] > 0", "1:16", "the n of x[n] must be a constant int ≥ 0")]
    [InlineData("buy when close[-1] > 0", "1:16", "the n of x[n] must be ≥ 0, got -1")]
    [InlineData("buy when macd(close, 26, 12, 9).line > 0", "1:10", "fast period below its slow one")]
    public void Periods_amounts_and_lags_must_be_valid_constants(string line, string at, string fragment) =>
        AssertError(at, fragment, line);

    [Fact]
    public void A_named_series_is_not_a_constant_even_of_constants()
    {
        AssertError("3:21", "is a period: a constant int ≥ 1 (literals and parameters only), got a series", "param n = 5", "k = 2 * n", "buy when sma(close, k) > 0");
        Assert.Equal(0, StrategySource.Compile("param n = 5", "k = 2 * n", "buy when close > k").Instantiate().Graph.FirstDecisionBar);
    }

    [Fact]
    public void A_period_that_is_na_is_an_error() =>
        // 1/0 is na, so is the comparison, so is the int of the conditional.
        AssertError("1:21", "(a period) is na", "buy when sma(close, 1 / 0 > 1 ? 3 : 4) > 0");

    [Fact]
    public void Errors_come_in_the_order_of_the_file()
    {
        var errors = StrategySource.Errors("x = 1", "sell when true", "x = 2");
        Assert.Equal(["2:1", "3:1", "4:1"], errors.Select(e => $"{e.Line}:{e.Column}"));
    }

    [Fact]
    public void A_period_from_a_parameter_is_checked_for_its_value() =>
        AssertError("2:21", "must be ≥ 1, got 0", "param n = 0 in 0..10", "buy when sma(close, n) > 0");

    [Theory]
    [InlineData("buy when close + 1", "1:10", "must be a bool, got a num")]
    [InlineData("buy when bar", "1:10", "must be a bool, got an int")]
    [InlineData("buy when close > true", "1:16", "'>' compares numbers, got a num and a bool")]
    [InlineData("buy when close and true", "1:16", "'and' needs bools")]
    [InlineData("buy when not close", "1:10", "'not' needs a bool")]
    [InlineData("buy when (close > 1 ? 1 : true)", "1:21", "the branches of '?:' must have one type")]
    [InlineData("buy when (close ? true : false)", "1:17", "the condition of '?:' must be a bool")]
    [InlineData("buy when sma(close > 1, 5) > 0", "1:14", "must be a number, got a bool")]
    [InlineData("buy when nz(close > 1, 0)", "1:10", "must have one type")]
    [InlineData("buy when -(close > 1)", "1:10", "needs a number")]
    [InlineData("buy when close == (close > 1)", "1:16", "compares two numbers or two bools")]
    public void Type_errors(string line, string at, string fragment) =>
        AssertError(at, fragment, line);

    [Theory]
    [InlineData("buy when macd(close, 12, 26, 9) > 0", "1:10", "macd(...) has several fields (line, signal, hist)")]
    [InlineData("buy when macd(close, 12, 26, 9).foo > 0", "1:33", "no field 'foo': the fields are line, signal, hist")]
    [InlineData("buy when close.line > 0", "1:16", "has no fields")]
    [InlineData("buy when sma(close, 5).mid > 0", "1:24", "has no fields")]
    public void Fields_of_multi_output_functions(string line, string at, string fragment) =>
        AssertError(at, fragment, line);

    [Fact]
    public void A_named_multi_output_value_used_without_a_field() =>
        AssertError("2:10", "'m' has several fields", "m = bollinger(close, 20, 2)", "buy when m > 0");

    [Fact]
    public void Each_rule_at_most_once() =>
        AssertError("2:1", "'buy' appears twice (first on line 1)", "buy when true", "buy when false");

    [Fact]
    public void A_file_needs_buy_or_short() =>
        AssertError("2:1", "no 'buy when' nor 'short when' rule", "x = 1");

    [Fact]
    public void Sell_needs_buy() =>
        AssertError("2:1", "'sell' without 'buy'", "short when true", "sell when true");

    [Fact]
    public void Cover_needs_short() =>
        AssertError("2:1", "'cover' without 'short'", "buy when true", "cover when true");

    [Fact]
    public void Strategy_must_come_first() =>
        AssertError("2:1", "must be the first statement", "buy when true", "strategy late");

    [Theory]
    [InlineData("param n = 5.5 in 1..10", "1:11", "")]
    [InlineData("param n = 50 in 1..10", "1:11", "outside its range 1..10")]
    [InlineData("param n = 5 in 10..1", "1:16", "is empty")]
    [InlineData("param x = -0.5 in 0..1", "1:11", "outside its range 0..1")]
    public void Parameter_declarations(string line, string at, string fragment)
    {
        if (fragment.Length == 0)
        {
            // A num default is a num parameter: 5.5 in 1..10 is fine.
            Assert.Equal(Backtest.Strategies.Graph.ValueKind.Num, StrategySource.Compile(line, "buy when true").Parameters[0].Kind);
            return;
        }
        AssertError(at, fragment, line, "buy when true");
    }

    [Fact]
    public void A_require_must_be_a_constant_bool()
    {
        AssertError("2:9", "must be a constant", "param n = 5", "require close > n", "buy when true");
        AssertError("2:9", "must be a bool, got an int", "param n = 5", "require n + 1", "buy when true");
    }

    [Fact]
    public void A_string_outside_strategy_and_require() =>
        AssertError("1:5", "a string can only follow", "x = \"hello\"", "buy when true");

    [Fact]
    public void Position_and_entry_price_are_not_in_this_version() =>
        AssertError("1:19", "unknown name 'entry_price'", "sell when close < entry_price * 0.9", "buy when true");

    [Fact]
    public void Several_checker_errors_are_reported_at_once()
    {
        var errors = StrategySource.Errors("a = foo", "b = bar(1)", "buy when close > 1 + true");
        Assert.Equal(["1:5", "2:5", "3:20"], errors.Select(e => $"{e.Line}:{e.Column}"));
    }

    [Fact]
    public void Errors_read_file_line_column_message()
    {
        var errors = StrategySource.Errors("buy when zz > 0");
        Assert.Equal("t.bt:1:10: unknown name 'zz'", errors[0].ToString());
    }
}
