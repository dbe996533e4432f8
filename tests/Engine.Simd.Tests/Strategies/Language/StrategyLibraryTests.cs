using Backtest.Strategies.Language;
using Backtest.Strategies.Library;
using Xunit;

namespace Backtest.Tests.Strategies.Language;

/// <summary>The built-in strategies: each compiles with its defaults, has the W worked out by hand, and s3 is §8's file.</summary>
public class StrategyLibraryTests
{
    [Fact]
    public void The_built_ins_are_listed_s3_first() =>
        Assert.Equal(["s3", "bollinger_breakout", "donchian_breakout", "keltner_pullback", "macd_cross", "rsi_reversion", "sma_cross"], StrategyLibrary.Names);

    // W by hand (strategies.md §3, §5):
    // s3: max(sma 50 → 49, rsi 14 → 14, bollinger 20 → 19, macd 26 + 9 − 2 = 33) = 49.
    // sma_cross: sma 40 → 39, crossover needs the bar before → 40.
    // rsi_reversion: rsi 14 → 14.
    // donchian_breakout: donchian(60) → 60 (buy); sell: donchian(30) → 30, highest(high, 30) → 29, atr(20) → 20.
    // macd_cross: signal 25 + 8 = 33, crossover → 34.
    // bollinger_breakout: 19.
    // keltner_pullback: ema(close, 100) → 99 against keltner(20, 2, 10) (mid 19, atr 10).
    [Theory]
    [InlineData("s3", 49)]
    [InlineData("sma_cross", 40)]
    [InlineData("rsi_reversion", 14)]
    [InlineData("donchian_breakout", 60)]
    [InlineData("macd_cross", 34)]
    [InlineData("bollinger_breakout", 19)]
    [InlineData("keltner_pullback", 99)]
    public void Each_built_in_compiles_with_its_defaults_and_its_first_decision_bar(string name, long w)
    {
        var definition = StrategyLibrary.Find(name)!;
        Assert.Equal(name, definition.Name);
        Assert.NotEmpty(definition.Description);
        Assert.Equal(w, definition.Instantiate().Graph.FirstDecisionBar);
    }

    [Fact]
    public void S3_has_its_fifteen_parameters_and_two_requirements()
    {
        var s3 = StrategyLibrary.Find("s3")!;
        Assert.Equal(15, s3.Parameters.Count);
        Assert.Equal(["sma_fast must be below sma_slow", "macd_fast must be below macd_slow"], s3.Requires.Select(r => r.Message));
        Assert.True(s3.GoesLong);
        Assert.False(s3.GoesShort);
    }

    [Fact]
    public void S3_shares_the_trend_sma_with_the_bollinger_mid()
    {
        // sma_fast = bb_period = 20: sma(close, 20) is one node; with sma(close, 50), two smas in all.
        var graph = StrategyLibrary.Find("s3")!.Instantiate().Graph;
        Assert.Equal(2, graph.Nodes.Count(n => n.Op == Backtest.Strategies.Graph.NodeOp.Sma));
    }

    [Fact]
    public void The_s3_file_is_exactly_the_one_of_section_8()
    {
        string spec = File.ReadAllText(SharedData.Spec("strategies.md"));
        int section = spec.IndexOf("## 8.", StringComparison.Ordinal);
        int start = spec.IndexOf("```\n", section, StringComparison.Ordinal) + 4;
        int end = spec.IndexOf("```", start, StringComparison.Ordinal);
        Assert.Equal(spec[start..end], System.Text.Encoding.UTF8.GetString(StrategyLibrary.Source("s3")!));
    }

    [Theory]
    [InlineData("sma_cross")]
    [InlineData("rsi_reversion")]
    [InlineData("donchian_breakout")]
    public void The_vectors_strategies_are_the_built_ins(string name) =>
        Assert.Equal(File.ReadAllBytes(SharedData.Spec("vectors", "strategies", name + ".bt")), StrategyLibrary.Source(name));

    [Theory]
    [InlineData("macd_cross")]
    [InlineData("bollinger_breakout")]
    [InlineData("keltner_pullback")]
    public void The_designed_built_ins_comment_every_rule_and_go_both_ways(string name)
    {
        var lines = System.Text.Encoding.UTF8.GetString(StrategyLibrary.Source(name)!).Split('\n');
        var rules = Enumerable.Range(0, lines.Length).Where(i => System.Text.RegularExpressions.Regex.IsMatch(lines[i], "^(buy|sell|short|cover) when ")).ToList();
        Assert.Equal(4, rules.Count);
        Assert.All(rules, i => Assert.StartsWith("#", lines[i - 1], StringComparison.Ordinal));
        var definition = StrategyLibrary.Find(name)!;
        Assert.True(definition.GoesLong && definition.GoesShort);
    }

    [Fact]
    public void Sma_cross_reverses_on_every_cross()
    {
        var rules = StrategyLibrary.Find("sma_cross")!.Instantiate().Graph.Rules;
        Assert.Equal((rules.Buy, rules.Sell), (rules.Cover, rules.Short));
    }

    [Fact]
    public void Load_takes_a_built_in_name_or_a_file()
    {
        Assert.Equal("rsi_reversion", StrategyLibrary.Load("rsi_reversion").Name);
        string path = Path.Combine(Path.GetTempPath(), $"bt-lang-{Guid.NewGuid():N}.bt");
        File.WriteAllText(path, "strategy mine\nbuy when close > open\n");
        try
        {
            Assert.Equal("mine", StrategyLibrary.Load(path).Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_of_neither_lists_the_built_ins()
    {
        var error = Assert.Single(Assert.Throws<StrategyException>(() => StrategyLibrary.Load("nope")).Errors);
        Assert.Contains("s3, bollinger_breakout", error.Message, StringComparison.Ordinal);
        var missing = Assert.Single(Assert.Throws<StrategyException>(() => StrategyLibrary.Load("/no/such/dir/x.bt")).Errors);
        Assert.StartsWith("/no/such/dir/x.bt: cannot read", missing.ToString(), StringComparison.Ordinal);
    }
}
