using Backtest.Cli.CommandLine;
using Backtest.Strategies.Language;
using Backtest.Strategies.Library;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>`--NAME VALUE` / `--NAME=VALUE` for a strategy's parameter means `--param NAME=VALUE` (docs/strategies.md).</summary>
public sealed class StrategyOptionAliasesTests
{
    private static readonly StrategyDefinition S3 = StrategyLibrary.Find("s3")!;

    // A command's own options, name → flag: a grid-like command that declares --threshold itself.
    private static readonly Dictionary<string, bool> Options = new(StringComparer.Ordinal)
    {
        ["help"] = true, ["param"] = false, ["strategy"] = false, ["data"] = false, ["quiet"] = true, ["threshold"] = false, ["grid"] = false,
    };

    private static string Rewrite(string line) =>
        string.Join(' ', StrategyOptionAliases.Rewrite(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), S3, Options));

    [Theory]
    // The spec-era S3 options, dashes for underscores, value in the next word or after '='.
    [InlineData("run --sma-fast 10", "run --param sma_fast=10")]
    [InlineData("run --sma-fast=10 --bb-k 1.5", "run --param sma_fast=10 --param bb_k=1.5")]
    // Underscores as the file writes them are the same parameter.
    [InlineData("run --rsi_low 25", "run --param rsi_low=25")]
    // A value that looks like an option or a negative number is still the value.
    [InlineData("run --rsi-low -5", "run --param rsi_low=-5")]
    [InlineData("run --w-bb --quiet", "run --param w_bb=--quiet")]
    // The value is kept as written: the parser judges it (5.0 for an int parameter).
    [InlineData("run --sma-fast 5.0", "run --param sma_fast=5.0")]
    // --param itself, other options and their values are kept, in order.
    [InlineData("run --param sma_fast=3 --data bars --quiet --macd-slow 30", "run --param sma_fast=3 --data bars --quiet --param macd_slow=30")]
    public void A_parameter_spelled_as_an_option_becomes_param(string line, string expected) => Assert.Equal(expected, Rewrite(line));

    [Theory]
    // The command declares --threshold itself: never rewritten, and its value never looked at.
    [InlineData("optimize --threshold 3")]
    [InlineData("optimize --threshold=3")]
    [InlineData("optimize --data --sma-fast")]
    [InlineData("optimize --grid sma-fast=1,2")]
    // Not a parameter of the strategy, nor of the command: left for the command line check to name.
    [InlineData("run --smafast 10")]
    [InlineData("run --fast 10")]
    [InlineData("run -sma-fast 10")]
    // Words after "--" are arguments, whatever they look like.
    [InlineData("run -- --sma-fast 10")]
    public void Anything_else_is_kept_as_it_is(string line) => Assert.Equal(line, Rewrite(line));

    [Fact]
    public void An_alias_at_the_end_of_the_line_gets_an_empty_value_that_the_parser_refuses()
    {
        Assert.Equal("run --param sma_fast=", Rewrite("run --sma-fast"));
    }

    [Fact]
    public void Another_strategy_has_other_aliases()
    {
        var cross = StrategyLibrary.Find("sma_cross")!;
        string[] args = ["run", "--strategy", "sma_cross", "--fast", "5", "--sma-fast", "10"];
        Assert.Equal(["run", "--strategy", "sma_cross", "--param", "fast=5", "--sma-fast", "10"], StrategyOptionAliases.Rewrite(args, cross, Options));
    }

    [Fact]
    public void The_rewritten_texts_read_as_the_overrides_they_stand_for()
    {
        var args = StrategyOptionAliases.Rewrite(["--sma-fast", "10", "--bb-k=1.5"], S3, Options);
        var texts = args.Where((_, i) => i > 0 && args[i - 1] == "--param").ToArray();
        var errors = new List<StrategyError>();
        var values = Backtest.Cli.Running.ParameterOverrides.Parse(texts, S3, errors);
        Assert.Empty(errors);
        Assert.Equal(10, values!["sma_fast"]);
        Assert.Equal(1.5, values["bb_k"]);
    }
}
