using Backtest.Strategies.Graph;
using Backtest.Strategies.Language;
using Xunit;

namespace Backtest.Tests.Strategies.Language;

/// <summary>
/// A definition with a set of parameter values: overrides checked against the declarations, requirements, constants
/// folded into the graph, equal calls merged, and the first decision bar W (strategies.md §2-§5).
/// </summary>
public class InstantiationTests
{
    private static readonly string[] SmaCross =
    [
        "strategy cross",
        "param fast = 10 in 1..10000",
        "param slow = 40 in 2..10000",
        "param k = 1.5 in 0..10",
        "require fast < slow \"fast must be below slow\"",
        "f = sma(close, fast)",
        "s = sma(close, slow)",
        "buy when crossover(f, s)",
        "sell when crossunder(f, s)",
    ];

    private static Dictionary<string, double> With(params (string Name, double Value)[] values) => values.ToDictionary(v => v.Name, v => v.Value);

    private static StrategyError OverrideError(params (string, double)[] values)
    {
        var definition = StrategySource.Compile(SmaCross);
        return Assert.Single(Assert.Throws<StrategyException>(() => definition.Instantiate(With(values))).Errors);
    }

    [Fact]
    public void Parameters_take_their_type_from_the_default_and_keep_their_declaration()
    {
        var parameters = StrategySource.Compile(SmaCross).Parameters;
        Assert.Equal(["fast", "slow", "k"], parameters.Select(p => p.Name));
        Assert.Equal(new StrategyParameter("fast", ValueKind.Int, 10, 1, 10000, 2, 7), parameters[0]);
        Assert.Equal(ValueKind.Num, parameters[2].Kind);
    }

    [Fact]
    public void Overrides_replace_the_defaults_and_every_value_is_reported()
    {
        var instance = StrategySource.Compile(SmaCross).Instantiate(With(("fast", 5), ("k", 2)));
        Assert.Equal(With(("fast", 5), ("slow", 40), ("k", 2)), instance.ParameterValues);
        // crossover(sma5, sma40): the comparison is first defined at 39, its lag at 40.
        Assert.Equal(40, instance.Graph.FirstDecisionBar);
    }

    [Fact]
    public void An_int_parameter_takes_int_values_only()
    {
        var error = OverrideError(("fast", 5.5));
        Assert.Equal((2, 7), (error.Line, error.Column));
        Assert.Contains("'fast' = 5.5 from the command line", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an int", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_num_parameter_accepts_ints() =>
        Assert.Equal(3, StrategySource.Compile(SmaCross).Instantiate(With(("k", 3))).ParameterValues["k"]);

    [Theory]
    [InlineData("fast", 0.0)]
    [InlineData("slow", 10001.0)]
    [InlineData("k", 10.5)]
    [InlineData("k", double.NaN)]
    public void A_value_outside_the_range_is_an_error_at_the_declaration(string name, double value)
    {
        var error = OverrideError((name, value));
        var parameter = StrategySource.Compile(SmaCross).Parameter(name)!;
        Assert.Equal((parameter.Line, parameter.Column), (error.Line, error.Column));
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_ends_of_a_range_are_inside_it() =>
        StrategySource.Compile(SmaCross).Instantiate(With(("fast", 1), ("slow", 10000), ("k", 10)));

    [Fact]
    public void An_unknown_parameter_names_the_known_ones()
    {
        var error = OverrideError(("fats", 5));
        Assert.Equal(0, error.Line);
        Assert.Contains("unknown parameter 'fats'", error.Message, StringComparison.Ordinal);
        Assert.Contains("fast, slow, k", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_require_stops_with_its_message_at_the_require()
    {
        var error = OverrideError(("fast", 40));
        Assert.Equal((5, 1), (error.Line, error.Column));
        Assert.Equal("fast must be below slow (fast = 40, slow = 40)", error.Message);
    }

    [Fact]
    public void A_require_without_a_message_shows_its_condition()
    {
        var (at, message) = StrategySource.Error("param a = 3", "require a * 2 > 7\n  or a > 5", "buy when true");
        Assert.Equal("2:1", at);
        Assert.Equal("the requirement 'a * 2 > 7 or a > 5' does not hold (a = 3)", message);
    }

    [Fact]
    public void A_require_compares_with_a_relative_epsilon()
    {
        // 1 and 1 + 1e-12 are equal within ε = 1e-9 × max(|a|, |b|): a < b does not hold, a <= b does.
        StrategySource.Error("param a = 1.0", "param b = 1.000000000001", "require a < b", "buy when true");
        StrategySource.Compile("param a = 1.0", "param b = 1.000000000001", "require a <= b and a == b", "buy when true").Instantiate();
        // Two ints compare exactly.
        StrategySource.Compile("param a = 9007199254740991", "param b = 9007199254740992", "require a < b", "buy when true").Instantiate();
    }

    [Fact]
    public void An_na_require_fails()
    {
        var (_, message) = StrategySource.Error("param a = 0", "require 1 / a > 0 \"a must not be zero\"", "buy when true");
        Assert.Equal("a must not be zero (it is na; a = 0)", message);
    }

    [Fact]
    public void Constants_fold_into_one_constant_node()
    {
        var graph = StrategySource.Compile("param n = 5", "buy when close > 2 * n + -1", "sell when close < n / 2").Instantiate().Graph;
        var constants = graph.Nodes.Where(n => n.Op == NodeOp.Constant).ToList();
        Assert.Equal([(9.0, ValueKind.Int), (2.5, ValueKind.Num)], constants.Select(c => (c.Value, c.Kind)));
        Assert.DoesNotContain(graph.Nodes, n => n.Op is NodeOp.Add or NodeOp.Multiply or NodeOp.Negate or NodeOp.Divide);
    }

    [Fact]
    public void Int_constants_beyond_two_to_the_53_are_an_error()
    {
        var (at, message) = StrategySource.Error("param n = 100000000 in 1..1000000000", "buy when close > n * n", "sell when close < 0");
        Assert.Equal("2:20", at);
        Assert.Contains("int overflow", message, StringComparison.Ordinal);
        // As nums they are fine.
        StrategySource.Compile("param n = 100000000.0", "buy when close > n * n").Instantiate();
    }

    [Fact]
    public void A_constant_comparison_of_nums_stays_in_the_graph_where_close_sets_its_epsilon()
    {
        var graph = StrategySource.Compile("param a = 1.5", "buy when a > 1.0 and close > 1").Instantiate().Graph;
        Assert.Equal(2, graph.Nodes.Count(n => n.Op == NodeOp.Greater));
        // A comparison of ints is exact, so it folds.
        var exact = StrategySource.Compile("param a = 2", "buy when a > 1 and close > 1").Instantiate().Graph;
        Assert.Equal(1, exact.Nodes.Count(n => n.Op == NodeOp.Greater));
    }

    [Fact]
    public void Equal_calls_are_one_node()
    {
        var graph = StrategySource.Compile("a = rsi(close, 14)", "b = rsi(close, 14)", "buy when a < 30", "sell when rsi(close, 14) > 70 or b > 90").Instantiate().Graph;
        Assert.Single(graph.Nodes, n => n.Op == NodeOp.Rsi);
    }

    [Fact]
    public void Equal_constants_from_different_parameters_are_one_node()
    {
        var graph = StrategySource.Compile("param a = 14", "param b = 14", "buy when rsi(close, a) < rsi(close, b) + 1").Instantiate().Graph;
        Assert.Single(graph.Nodes, n => n.Op == NodeOp.Rsi);
    }

    [Fact]
    public void A_named_multi_output_value_gives_its_fields()
    {
        var graph = StrategySource.Compile("m = macd(close, 12, 26, 9)", "buy when m.line > m.signal", "sell when m.hist < 0").Instantiate().Graph;
        // line 25, signal 25 + 8 = 33.
        Assert.Equal(33, graph.FirstDecisionBar);
        Assert.Equal(3, graph.Nodes.Count(n => n.Op == NodeOp.Ema));
    }

    [Fact]
    public void Lags_and_bar_lower_to_their_nodes()
    {
        var graph = StrategySource.Compile("buy when close[3] > close and bar >= 10").Instantiate().Graph;
        var lag = Assert.Single(graph.Nodes, n => n.Op == NodeOp.Lag);
        Assert.Equal(3, lag.Period);
        Assert.Contains(graph.Nodes, n => n.Op == NodeOp.Bar);
        Assert.Equal(3, graph.FirstDecisionBar);
        Assert.True(graph.ComparesExactly(graph.Nodes.ToList().FindIndex(n => n.Op == NodeOp.GreaterOrEqual)));
    }

    [Fact]
    public void Many_parameter_sets_share_one_builder()
    {
        var definition = StrategySource.Compile(SmaCross);
        var builder = new GraphBuilder();
        var a = definition.Lower(builder, With(("fast", 10), ("slow", 40)));
        var b = definition.Lower(builder, With(("fast", 10), ("slow", 50)));
        Assert.NotEqual(a.Buy, b.Buy);
        // sma(close, 10) is one node for both; 40 and 50 are two: three smas in all.
        Assert.Equal(3, builder.Nodes.Count(n => n.Op == NodeOp.Sma));
    }

    [Fact]
    public void The_definition_knows_its_name_description_text_and_hash()
    {
        var definition = StrategyCompiler.Parse("strategy x \"the x\"\nbuy when true\n"u8, "x.bt");
        Assert.Equal(("x", "the x"), (definition.Name, definition.Description));
        Assert.Equal("strategy x \"the x\"\nbuy when true\n", definition.Source);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("strategy x \"the x\"\nbuy when true\n"u8)), definition.Sha256);
        Assert.Equal("anon", StrategyCompiler.Parse("buy when true", "dir/anon.bt").Name);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_an_error_where_they_stand()
    {
        byte[] bytes = [.. "x = 1\nbuy "u8, 0xFF, (byte)'\n'];
        var e = Assert.Throws<StrategyException>(() => StrategyCompiler.Parse(bytes, "t.bt"));
        Assert.Equal((2, 5), (e.Errors[0].Line, e.Errors[0].Column));
    }
}
