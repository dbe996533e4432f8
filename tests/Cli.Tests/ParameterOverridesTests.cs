using Backtest.Cli.Running;
using Backtest.Strategies.Language;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>The one reader of `--param NAME=VALUE` (strategies.md §2: an int param takes int values only, a num param accepts ints).</summary>
public sealed class ParameterOverridesTests
{
    // n is declared at line 2, column 7; x at line 3, column 7.
    private static readonly StrategyDefinition Strategy = StrategyCompiler.Parse(
        "strategy t\nparam n = 10 in 2..100\nparam x = 0.5 in -1..1\nbuy when close > sma(close, n) * (1 + x)\n", "t.bt");

    private static (IReadOnlyDictionary<string, double>? Values, List<StrategyError> Errors) Parse(params string[] texts)
    {
        var errors = new List<StrategyError>();
        return (ParameterOverrides.Parse(texts, Strategy, errors), errors);
    }

    [Theory]
    [InlineData("n=5", "n", 5.0)]
    [InlineData("n=+7", "n", 7.0)]
    [InlineData("n=100", "n", 100.0)]
    [InlineData("x=-0.25", "x", -0.25)]
    [InlineData("x=.5", "x", 0.5)]
    [InlineData("x=1", "x", 1.0)]      // a num param accepts an int
    [InlineData("x=-1e-3", "x", -0.001)]
    [InlineData("x=2.5E-1", "x", 0.25)]
    public void A_good_value_is_read_in_invariant_culture(string text, string name, double value)
    {
        var (values, errors) = Parse(text);
        Assert.Empty(errors);
        Assert.Equal(value, Assert.Single(values!).Value);
        Assert.Equal(name, values!.Keys.Single());
    }

    [Fact]
    public void No_texts_give_no_overrides()
    {
        var (values, errors) = Parse();
        Assert.Empty(errors);
        Assert.Empty(values!);
    }

    [Theory]
    [InlineData("n=5.0", "t.bt:2:7: --param n=5.0: 'n' is an int parameter (its default is 10) and takes an int written as one, like 5, not 5.0 or 5.5")]
    [InlineData("n=5.5", "t.bt:2:7: --param n=5.5: 'n' is an int parameter (its default is 10) and takes an int written as one, like 5, not 5.0 or 5.5")]
    [InlineData("n=5e0", "t.bt:2:7: --param n=5e0: 'n' is an int parameter (its default is 10) and takes an int written as one, like 5, not 5.0 or 5.5")]
    [InlineData("n=1", "t.bt:2:7: --param n=1: 1 is outside its range 2..100")]
    [InlineData("n=101", "t.bt:2:7: --param n=101: 101 is outside its range 2..100")]
    [InlineData("x=1.5", "t.bt:3:7: --param x=1.5: 1.5 is outside its range -1..1")]
    [InlineData("x=0,5", "t.bt:3:7: --param x=0,5: '0,5' is not a number (digits, an optional sign, point and exponent: 5, -2, 0.5, 1e-3)")]
    [InlineData("x=", "t.bt:3:7: --param x=: '' is not a number (digits, an optional sign, point and exponent: 5, -2, 0.5, 1e-3)")]
    [InlineData("x=Infinity", "t.bt:3:7: --param x=Infinity: 'Infinity' is not a number (digits, an optional sign, point and exponent: 5, -2, 0.5, 1e-3)")]
    [InlineData("x= 0.5", "t.bt:3:7: --param x= 0.5: ' 0.5' is not a number (digits, an optional sign, point and exponent: 5, -2, 0.5, 1e-3)")]
    [InlineData("m=3", "t.bt: --param m=3: the strategy t has no parameter 'm'; its parameters are n, x")]
    [InlineData("N=3", "t.bt: --param N=3: the strategy t has no parameter 'N'; its parameters are n, x")]
    [InlineData("n", "t.bt: --param 'n' is not NAME=VALUE (--param n=VALUE)")]
    [InlineData("=3", "t.bt: --param '=3' is not NAME=VALUE (--param n=VALUE)")]
    public void A_bad_text_is_one_error_naming_it(string text, string error)
    {
        var (values, errors) = Parse(text);
        Assert.Null(values);
        Assert.Equal(error, Assert.Single(errors).ToString());
    }

    [Fact]
    public void The_same_name_twice_is_an_error_even_with_the_same_value()
    {
        var (values, errors) = Parse("n=5", "x=0", "n=5");
        Assert.Null(values);
        Assert.Equal("t.bt: --param n is given twice (n=5 and n=5); give each parameter once", Assert.Single(errors).ToString());
    }

    [Fact]
    public void Every_bad_text_is_reported_and_errors_already_held_are_kept()
    {
        var errors = new List<StrategyError> { new("other", 0, 0, "earlier") };
        var values = ParameterOverrides.Parse(["n=2.0", "y=1", "x=0.1"], Strategy, errors);
        Assert.Null(values);
        Assert.Equal(3, errors.Count);
        Assert.StartsWith("t.bt:2:7: --param n=2.0", errors[1].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("t.bt: --param y=1", errors[2].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_values_read_instantiate_the_strategy()
    {
        var (values, _) = Parse("n=20", "x=-0.5");
        var instance = Strategy.Instantiate(values!);
        Assert.Equal(20, instance.ParameterValues["n"]);
        Assert.Equal(-0.5, instance.ParameterValues["x"]);
        Assert.Equal(19, instance.Graph.FirstDecisionBar); // sma(close, 20) is first defined at bar 19 (strategies.md §5)
    }
}
