using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>
/// The synthetic universe holds SYN0001 … SYN9999 over at most 10,000 sessions: larger sizes are usage errors of the
/// command that asked for them, one line naming the option, not the generator's exception and its stack trace.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class SyntheticSizeTests
{
    [Theory]
    [InlineData("--synth-symbols 20000 --synth-days 1", "--synth-symbols must be between 1 and 9999 (got 20000).", "run")]
    [InlineData("--synth-symbols 5 --synth-days 10001", "--synth-days must be between 1 and 10000 (got 10001).", "run")]
    [InlineData("--synth-symbols 20000 --synth-days 1 --grid sma-fast=10,20", "--synth-symbols must be between 1 and 9999 (got 20000).", "optimize")]
    [InlineData("--synth-symbols 20000 --synth-days 30 --train 10 --test 5 --grid sma-fast=10,20", "--synth-symbols must be between 1 and 9999 (got 20000).", "walkforward")]
    [InlineData("--symbols 20000 --days 1 --out synth-never-written", "--symbols must be between 1 and 9999 (got 20000).", "data synth")]
    public void A_universe_larger_than_the_generator_makes_is_refused_naming_the_option(string options, string message, string command)
    {
        var (services, data, _) = Services.Fake();
        var r = Bt.Run(services, [.. command.Split(' '), .. options.Split(' ')]);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", r.Out + r.Error, StringComparison.Ordinal);
        Assert.Equal(0, data.Syntheses);
    }
}
