using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Backtest.Strategies.Library;
using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>`bt strategies`, `show` and `check` end to end (docs/strategies.md; strategies.md §2, §3 and §7).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class StrategiesCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-strategies-" + Guid.NewGuid().ToString("N"));

    public StrategiesCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    // Each built-in with its parameters as its file declares them (s3's from strategies.md §8): name, type, default, range.
    public static TheoryData<string, string[]> BuiltIns => new()
    {
        { "s3", ["sma_fast int 20 1..1000000", "sma_slow int 50 2..1000000", "rsi_period int 14 1..1000000", "rsi_low num 30 0..100",
            "rsi_high num 70 0..100", "bb_period int 20 1..1000000", "bb_k num 2 0..1000", "macd_fast int 12 1..1000000",
            "macd_slow int 26 2..1000000", "macd_signal int 9 1..1000000", "w_trend int 3 0..1000000", "w_rsi int 4 0..1000000",
            "w_bb int 3 0..1000000", "w_macd int 2 0..1000000", "threshold int 6 -1000000..1000000"] },
        { "bollinger_breakout", ["period int 20 2..10000", "k num 2 0..100"] },
        { "donchian_breakout", ["entry_n int 60 1..10000", "exit_n int 30 1..10000", "atr_n int 20 1..10000", "atr_mult num 3 0..100"] },
        { "keltner_pullback", ["n int 20 1..10000", "mult num 2 0..100", "atr_n int 10 1..10000", "trend_n int 100 2..10000"] },
        { "macd_cross", ["fast int 12 1..10000", "slow int 26 2..10000", "signal_period int 9 1..10000"] },
        { "rsi_reversion", ["period int 14 2..10000", "oversold num 25 0..100", "recovered num 55 0..100"] },
        { "sma_cross", ["fast int 10 1..10000", "slow int 40 2..10000"] },
    };

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void List_shows_each_built_in_with_its_description_and_every_parameter(string name, string[] parameters)
    {
        var r = Bt.Run(null, "strategies");
        Assert.True(r.ExitCode == 0, r.ToString());
        string block = Block(r.Out, name);
        Assert.Contains(StrategyLibrary.Find(name)!.Description, block.Split('\n')[0], StringComparison.Ordinal);
        var rows = block.Split('\n').Skip(2).Select(l => Regex.Replace(l.Trim(), " +", " ")).Where(l => l.Length > 0).ToArray();
        Assert.Equal(parameters, rows);
    }

    [Fact]
    public void List_names_the_seven_built_ins_s3_first_and_list_is_the_same_command()
    {
        var r = Bt.Run(null, "strategies");
        Assert.True(r.ExitCode == 0, r.ToString());
        var heads = r.Out.ReplaceLineEndings("\n").Split("\n\n").Select(b => b.Split(' ')[0]).Where(n => !n.StartsWith('`')).ToArray();
        Assert.Equal(["s3", "bollinger_breakout", "donchian_breakout", "keltner_pullback", "macd_cross", "rsi_reversion", "sma_cross"], heads);
        Assert.StartsWith("s3 (long only): ", r.Out, StringComparison.Ordinal);
        Assert.Contains("sma_cross (long and short): ", r.Out, StringComparison.Ordinal);
        Assert.Equal(r.Out, Bt.Run(null, "strategies", "list").Out);
    }

    [Fact]
    public void Show_prints_the_built_in_file_exactly()
    {
        var r = Bt.Run(null, "strategies", "show", "s3");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(Encoding.UTF8.GetString(StrategyLibrary.Source("s3")!), r.Out);
        Assert.Contains("param threshold = 6 in -1000000..1000000\n", r.Out, StringComparison.Ordinal);
        Assert.Empty(r.Error);
    }

    [Fact]
    public void Show_prints_a_file_at_a_path_as_it_is_even_one_that_does_not_compile()
    {
        string path = Write("mine.bt", "# mine\nbuy when nonsense(\n");
        var r = Bt.Run(null, "strategies", "show", path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("# mine\nbuy when nonsense(\n", r.Out);
    }

    [Fact]
    public void An_unknown_name_exits_2_listing_the_built_ins()
    {
        foreach (string command in new[] { "show", "check" })
        {
            var r = Bt.Run(null, "strategies", command, "s4");
            Assert.True(r.ExitCode == 2, r.ToString());
            Assert.Empty(r.Out);
            Assert.StartsWith("s4: no built-in strategy of this name and no such file: the built-ins are s3, bollinger_breakout, donchian_breakout, keltner_pullback, macd_cross, rsi_reversion, sma_cross", r.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Check_of_a_file_with_errors_prints_each_as_file_line_column_on_stderr_and_exits_2()
    {
        // Line 3: an unknown function at column 10; line 4: a period that is a num, its argument at column 25.
        string path = Write("bad.bt", "param n = 10 in 2..100\n\nbuy when foo(close) > 1\nsell when sma(close, 2.5) > close\n");
        var r = Bt.Run(null, "strategies", "check", path);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Empty(r.Out);
        var lines = r.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{path}:3:10: ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"{path}:4:", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_a_missing_file_exits_2_naming_it()
    {
        string path = Path.Combine(_dir, "absent.bt");
        var r = Bt.Run(null, "strategies", "check", path);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Empty(r.Out);
        Assert.StartsWith($"{path}: cannot read the strategy file", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_a_good_file_prints_name_sha256_sides_parameters_and_the_first_decision_bar()
    {
        const string Source = "strategy cross \"fast over slow\"\n\nparam fast = 5 in 1..100\nparam slow = 20 in 2..500\nparam k = 1.5 in 0..10\n\n" +
            "buy when crossover(sma(close, fast), sma(close, slow))\nshort when close > k * sma(close, fast)\n";
        string path = Write("cross.bt", Source);
        string sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Source)));

        var r = Bt.Run(null, "strategies", "check", path);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Empty(r.Error);
        var lines = Lines(r.Out);
        Assert.Contains("strategy cross", lines);
        Assert.Contains("description fast over slow", lines);
        Assert.Contains($"sha256 {sha}", lines);
        Assert.Contains("goes long and short", lines);
        Assert.Contains("fast int 5 5 1..100", lines);
        Assert.Contains("k num 1.5 1.5 0..10", lines);
        // crossover of sma(close, 20) (first bar 19) needs one bar more: W = 20 (strategies.md §3, §5).
        Assert.Contains("first decision bar W = 20: no rule acts before bar 20; a series needs at least 22 bars to take a decision.", lines);

        // slow = 30: W = 29 + 1; its row shows the value given beside the default.
        var given = Bt.Run(null, "strategies", "check", path, "--param", "slow=30", "--param", "k=2");
        Assert.True(given.ExitCode == 0, given.ToString());
        var givenLines = Lines(given.Out);
        Assert.Contains("slow int 30 20 2..500 (--param)", givenLines);
        Assert.Contains("k num 2 1.5 0..10 (--param)", givenLines);
        Assert.Contains("first decision bar W = 30: no rule acts before bar 30; a series needs at least 32 bars to take a decision.", givenLines);
    }

    [Fact]
    public void Check_of_s3_gives_w_of_semantics_3()
    {
        // W = max(sma_slow − 1, rsi_period, bb_period − 1, macd_slow + macd_signal − 2) = max(49, 14, 19, 33) with the defaults.
        var r = Bt.Run(null, "strategies", "check", "s3");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("first decision bar W = 49:", r.Out, StringComparison.Ordinal);
        Assert.Contains("file s3.bt (built-in)", Lines(r.Out));
        Assert.Contains("goes long only", Lines(r.Out));
        // sma_slow = 10 (sma_fast 5): macd's 33 is the largest.
        var small = Bt.Run(null, "strategies", "check", "s3", "--param", "sma_fast=5", "--param", "sma_slow=10");
        Assert.Contains("first decision bar W = 33:", small.Out, StringComparison.Ordinal);
    }

    [Theory]
    // Out of range: at the parameter's declaration (s3.bt line 3, column 7).
    [InlineData("sma_fast=0", "s3.bt:3:7: ", "outside its range 1..1000000")]
    // The wrong type: an int parameter refuses 5.0 and 5.5 (strategies.md §2).
    [InlineData("sma_fast=5.0", "s3.bt:3:7: ", "'sma_fast' is an int parameter")]
    [InlineData("sma_fast=5.5", "s3.bt:3:7: ", "'sma_fast' is an int parameter")]
    [InlineData("sma_fast=1e1", "s3.bt:3:7: ", "'sma_fast' is an int parameter")]
    [InlineData("rsi_low=abc", "s3.bt:6:7: ", "'abc' is not a number")]
    [InlineData("rsi_low=NaN", "s3.bt:6:7: ", "'NaN' is not a number")]
    [InlineData("rsi_low=3,5", "s3.bt:6:7: ", "'3,5' is not a number")]
    // An unknown name: the strategy's parameters are listed.
    [InlineData("smafast=3", "s3.bt: ", "the strategy s3 has no parameter 'smafast'; its parameters are sma_fast, sma_slow, rsi_period")]
    [InlineData("sma_fast", "s3.bt: ", "is not NAME=VALUE")]
    // A requirement the values break (strategies.md §2: checked before any data is read).
    [InlineData("sma_fast=50", "s3.bt:", "sma_fast must be below sma_slow (sma_fast = 50, sma_slow = 50)")]
    public void Check_refuses_a_bad_param_with_one_line_on_stderr_and_exit_2(string param, string start, string says)
    {
        var r = Bt.Run(null, "strategies", "check", "s3", "--param", param);
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Empty(r.Out);
        string line = Assert.Single(r.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
        Assert.StartsWith(start, line, StringComparison.Ordinal);
        Assert.Contains(says, line, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_lists_every_bad_param_at_once()
    {
        var r = Bt.Run(null, "strategies", "check", "s3", "--param", "sma_fast=5.0", "--param", "nope=1", "--param", "bb_k=1", "--param", "bb_k=2");
        Assert.True(r.ExitCode == 2, r.ToString());
        var lines = r.Error.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("--param sma_fast=5.0", lines[0], StringComparison.Ordinal);
        Assert.Contains("no parameter 'nope'", lines[1], StringComparison.Ordinal);
        Assert.Equal("s3.bt: --param bb_k is given twice (bb_k=1 and bb_k=2); give each parameter once", lines[2]);
    }

    [Fact]
    public void A_word_after_strategies_that_is_no_command_is_refused()
    {
        var r = Bt.Run(null, "strategies", "lst");
        Assert.True(r.ExitCode == 2, r.ToString());
        Assert.Contains("unexpected argument 'lst'", r.Error, StringComparison.Ordinal);
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    // The block of `bt strategies` that describes NAME: its head line, the header row, one row per parameter.
    private static string Block(string output, string name) =>
        output.ReplaceLineEndings("\n").Split("\n\n").Single(b => b.StartsWith(name + " (", StringComparison.Ordinal));

    // Lines with their runs of spaces made one (the tables pad their columns).
    private static string[] Lines(string output) =>
        [.. output.ReplaceLineEndings("\n").Split('\n').Select(l => Regex.Replace(l.Trim(), " +", " "))];
}
