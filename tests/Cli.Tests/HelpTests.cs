using System.Reflection;
using Backtest.Cli.Commands;
using Backtest.Strategy;
using Cocona;
using Xunit;

namespace Backtest.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class HelpTests
{
    public static readonly string[] RunOptions =
    [
        "data", "tickers", "limit", "days", "start", "end", "on-invalid", "max-gap", "split-at-gaps",
        "db", "db-timeout", "memory-budget", "batch-size", "progress",
        "synth-symbols", "synth-days", "seed",
        "strategy", "param", "capital", "position-size", "fee-fixed",
        "fee-bps", "slippage-bps", "fill", "stop-loss-pct", "take-profit-pct", "max-hold-bars", "periods-per-year",
        "engine", "precision", "out", "quiet",
    ];

    [Fact]
    public void Bt_help_names_the_commands_and_exits_0()
    {
        var r = Bt.Run(Services.Fake().Services, "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("Usage: bt", r.Out, StringComparison.Ordinal);
        Assert.Contains("run ", r.Out, StringComparison.Ordinal);
        Assert.Contains("data ", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_help_lists_every_option_with_a_description_and_its_default()
    {
        var r = Bt.Run(Services.Fake().Services, "run", "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        var lines = r.Out.Split('\n');
        foreach (string option in RunOptions)
        {
            string? line = lines.FirstOrDefault(l => l.TrimStart().StartsWith($"--{option} ", StringComparison.Ordinal) || l.Trim() == $"--{option}");
            Assert.True(line is not null, $"--{option} missing from:\n{r.Out}");
            Assert.True(line!.Trim().Length > $"--{option}".Length + 12, $"--{option} has no description: {line}");
        }
        Assert.Contains("(Default: s3)", lines.Single(l => l.TrimStart().StartsWith("--strategy ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("(Default: next-open)", lines.Single(l => l.TrimStart().StartsWith("--fill ", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("(Default: bt-out/run)", lines.Single(l => l.TrimStart().StartsWith("--out ", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run", "bt-out/run")]
    [InlineData("optimize", "bt-out/optimize")]
    [InlineData("walkforward", "bt-out/walkforward")]
    public void Each_command_writes_to_its_own_default_folder(string command, string folder)
    {
        // One shared default folder left one command's old files beside another's new ones.
        var r = Bt.Run(Services.Fake().Services, command, "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        string line = r.Out.Split('\n').Single(l => l.TrimStart().StartsWith("--out ", StringComparison.Ordinal));
        Assert.Contains($"(Default: {folder})", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_synth_help_lists_its_options()
    {
        var r = Bt.Run(Services.Fake().Services, "data", "synth", "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (string option in new[] { "--out", "--symbols", "--days", "--seed" })
            Assert.Contains(option, r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_import_help_lists_its_options()
    {
        var r = Bt.Run(Services.Fake().Services, "data", "import", "--help");
        Assert.True(r.ExitCode == 0, r.ToString());
        foreach (string option in new[] { "--out", "--db", "--tickers", "--start", "--end", "--memory-budget", "--batch-size", "--force", "--progress" })
            Assert.Contains(option, r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_option_defaults_equal_the_strategy_defaults()
    {
        var method = typeof(RunCommand).GetMethod(nameof(RunCommand.Run))!;
        var defaults = StrategyParameters.Default;
        // bt run's own options, then those it shares with the grid commands (BacktestOptionSet, with its defaults).
        var shared = new BacktestOptionSet();
        var byOption = method.GetParameters()
            .Where(p => p.GetCustomAttribute<OptionAttribute>() is not null)
            .Select(p => (Name: p.GetCustomAttribute<OptionAttribute>()!.Name!, Default: p.DefaultValue))
            .Concat(typeof(BacktestOptionSet).GetProperties()
                .Where(p => p.GetCustomAttribute<OptionAttribute>() is not null)
                .Select(p => (Name: p.GetCustomAttribute<OptionAttribute>()!.Name!, Default: p.GetValue(shared))))
            .ToDictionary(o => o.Name, o => o.Default);
        Assert.Equal(RunOptions.Order(StringComparer.Ordinal), byOption.Keys.Order(StringComparer.Ordinal));

        foreach (var property in typeof(StrategyParameters).GetProperties().Where(p => p.CanWrite))
        {
            string option = Kebab(property.Name);
            object? expected = property.GetValue(defaults);
            if (Backtest.Strategy.S3Strategy.Definition.Parameter(option.Replace('-', '_')) is { } s3Parameter)
            {
                // s3's parameters are the file's (--param, or --NAME as an alias): the record's defaults must be the file's.
                Assert.False(byOption.ContainsKey(option), $"--{option} is s3's parameter, not an option of bt run");
                Assert.Equal(s3Parameter.Default, Convert.ToDouble(expected, System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }
            object? actual = byOption[option];
            switch (property.Name)
            {
                case nameof(StrategyParameters.Fill):
                    Assert.Equal("next-open", actual);
                    Assert.Equal(FillMode.NextOpen, expected);
                    break;
                case nameof(StrategyParameters.PeriodsPerYear):
                    Assert.Equal("auto", actual);
                    Assert.Null(expected);
                    break;
                default:
                    Assert.True(Equals(expected, actual), $"--{option}: help says {actual}, StrategyParameters says {expected}");
                    break;
            }
        }
    }

    private static string Kebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
