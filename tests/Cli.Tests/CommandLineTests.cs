using Backtest.Cli.CommandLine;
using Xunit;

namespace Backtest.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CommandLineTests
{
    [Fact]
    public void Stray_arguments_exit_2_naming_each_before_any_data_is_read()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "run", "foo", "--data", "/x", "bar");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("bt run: unexpected argument 'foo': bt run takes no arguments", r.Error, StringComparison.Ordinal);
        Assert.Contains("bt run: unexpected argument 'bar'", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void A_value_split_in_two_words_is_refused_with_the_one_word_spelling()
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, "run", "--data", "/x", "--memory-budget", "512", "MB");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("unexpected argument 'MB' after --memory-budget 512: an option's value is one word (--memory-budget 512MB)", r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void A_command_with_an_argument_refuses_a_second_one_and_a_word_after_the_double_dash()
    {
        var (services, _, _) = Services.Fake();
        var r = Bt.Run(services, "data", "scan", "synthetic", "extra");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("bt data scan: unexpected argument 'extra': bt data scan takes one argument.", r.Error, StringComparison.Ordinal);
        var dashes = Bt.Run(services, "run", "--data", "/x", "--", "foo");
        Assert.True(dashes.ExitCode == 2, dashes.ToString());
        Assert.Contains("bt run: unexpected argument 'foo'", dashes.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run --memry-budget 1GB", "bt run: unknown option --memry-budget; did you mean --memory-budget?")]
    [InlineData("run --sma-fats 10", "bt run: unknown option --sma-fats; did you mean --sma-fast?")]
    [InlineData("run --qiet", "bt run: unknown option --qiet; did you mean --quiet?")]
    [InlineData("run --memory 1GB", "bt run: unknown option --memory; did you mean --memory-budget?")]
    [InlineData("optimize --gird sma-fast=10", "bt optimize: unknown option --gird; did you mean --grid?")]
    [InlineData("optimize --tresh 3", "bt optimize: unknown option --tresh (`bt optimize --help` lists the options).")]
    [InlineData("walkforward --trian 10", "bt walkforward: unknown option --trian; did you mean --train?")]
    [InlineData("bench --rep 3", "bt bench: unknown option --rep; did you mean --reps?")]
    [InlineData("data synth --out x --symbol 3", "bt data synth: unknown option --symbol; did you mean --symbols?")]
    [InlineData("data import synthetic --out x --froce", "bt data import: unknown option --froce; did you mean --force?")]
    [InlineData("data scan synthetic --batch-sise 3", "bt data scan: unknown option --batch-sise; did you mean --batch-size?")]
    [InlineData("run --zzzzzz", "bt run: unknown option --zzzzzz (`bt run --help` lists the options).")]
    public void An_unknown_option_exits_2_with_the_nearest_option_of_its_command(string line, string message)
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, line.Split(' '));
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Equal(message + "\n", r.Error.ReplaceLineEndings("\n"));
        Assert.Equal(0, data.Loads);
    }

    [Fact]
    public void Values_that_look_like_options_or_numbers_and_flags_are_not_strays()
    {
        // A negative number is a value; --quiet takes none; --out=DIR holds its value.
        Assert.Empty(Program.Syntax.Problems(["run", "--capital", "-1", "--quiet", "--out=x", "--fee-bps", "-5"]));
        // s3's parameters as options, as bt run reads them (Program.Run rewrites them into --param first).
        var (args, _) = Program.Syntax.WithStrategyAliases(["run", "--threshold", "-1", "--quiet", "--out=x", "--rsi-low", "-5"]);
        Assert.Equal(["run", "--param", "threshold=-1", "--quiet", "--out=x", "--param", "rsi_low=-5"], args);
        Assert.Empty(Program.Syntax.Problems(args));
        Assert.Empty(Program.Syntax.Problems(["data", "import", "synthetic", "--out", "c", "--force", "--seed", "3"]));
        Assert.Empty(Program.Syntax.Problems(["optimize", "--grid", "sma-fast=1,2", "--grid", "threshold=3:4:1"]));
        Assert.Empty(Program.Syntax.Problems(["run", "foo", "--help"]));
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("same", "same", 0)]
    public void Edit_distance_counts_insertions_deletions_and_substitutions(string a, string b, int distance)
    {
        Assert.Equal(distance, EditDistance.Between(a, b));
        Assert.Equal(distance, EditDistance.Between(b, a));
    }
}
