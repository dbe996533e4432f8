using Backtest.Optimization;
using Xunit;

namespace Backtest.Tests.Optimization;

public sealed class GridSpecParserTests
{
    private static double[] Values(string spec, long cap = 1000)
    {
        var axis = GridSpecParser.Parse(spec, Backtest.Tests.Optimization.S3Grid.Parameters, cap, out string? error);
        Assert.True(axis is not null, error);
        return [.. axis!.Values];
    }

    private static string Error(string spec, long cap = 1000)
    {
        var axis = GridSpecParser.Parse(spec, Backtest.Tests.Optimization.S3Grid.Parameters, cap, out string? error);
        Assert.Null(axis);
        return error!;
    }

    [Fact]
    public void A_list_gives_its_values_in_the_order_written() =>
        Assert.Equal([30, 10, 20], Values("sma-fast=30,10,20"));

    [Fact]
    public void A_range_is_inclusive_of_its_stop() =>
        Assert.Equal([4, 5, 6, 7, 8], Values("threshold=4:8:1"));

    [Fact]
    public void A_fractional_step_that_rounds_below_the_stop_still_reaches_it()
    {
        // (2.5 - 1.5) / 0.25 = 4 steps: 5 values. 0.1-steps are inexact in binary; the values are rounded to
        // the decimals written, so they print and compare as typed.
        Assert.Equal([1.5, 1.75, 2, 2.25, 2.5], Values("bb-k=1.5:2.5:0.25"));
        Assert.Equal([0.1, 0.2, 0.3], Values("bb-k=0.1:0.3:0.1"));
        Assert.Equal([0.7, 0.8, 0.9, 1.0], Values("position-size=0.7:1:0.1"));
    }

    [Fact]
    public void A_range_stops_at_the_last_step_below_its_stop() =>
        Assert.Equal([10, 25, 40], Values("sma-slow=10:50:15"));

    [Fact]
    public void Lists_and_ranges_mix() =>
        Assert.Equal([40, 50, 70, 90], Values("sma-slow=40,50:90:20"));

    [Fact]
    public void Names_may_carry_dashes_underscores_or_any_case()
    {
        Assert.Equal("sma-fast", GridSpecParser.Parse("--SMA_FAST=10", Backtest.Tests.Optimization.S3Grid.Parameters, 10, out _)!.Name);
        Assert.Equal("bb-k", GridSpecParser.Parse("bb_k=2", Backtest.Tests.Optimization.S3Grid.Parameters, 10, out _)!.Name);
    }

    [Fact]
    public void Integer_parameters_refuse_fractions()
    {
        Assert.Equal("--grid sma-fast: sma-fast takes whole numbers, and 10.5 is not one.", Error("sma-fast=10.5"));
        Assert.Contains("0.5 is not one", Error("rsi-period=2:10:0.5"), StringComparison.Ordinal);
        Assert.Contains("whole numbers", Error("max-hold-bars=1.5:9:1"), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_names_and_words_are_refused_with_the_names_that_exist()
    {
        string e = Error("sma=10");
        Assert.StartsWith("--grid sma: not a parameter of the strategy nor a numeric execution setting; the parameters are sma-fast, sma-slow,", e, StringComparison.Ordinal);
        Assert.Contains("fix it for all combinations with --fill", Error("fill=close"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bb-k=3:1:1", "the range '3:1:1' is empty (stop 1 is below start 3)")]
    [InlineData("bb-k=1:3:0", "the step of '1:3:0' must be greater than 0")]
    [InlineData("bb-k=1:3:-1", "the step of '1:3:-1' must be greater than 0")]
    [InlineData("bb-k=1:3", "'1:3' is not a range start:stop:step")]
    [InlineData("bb-k=two", "'two' is not a number")]
    [InlineData("bb-k=1,,2", "'' is not a number")]
    [InlineData("bb-k=2,2", "2 is listed twice")]
    [InlineData("bb-k=1,1:3:1", "1 is listed twice")]
    public void Bad_specs_are_refused_naming_the_option(string spec, string message)
    {
        string e = Error(spec);
        Assert.StartsWith("--grid bb-k: ", e, StringComparison.Ordinal);
        Assert.Contains(message, e, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sma-fast")]
    [InlineData("sma-fast=")]
    [InlineData("=10")]
    public void Text_without_a_name_and_values_is_refused(string spec) =>
        Assert.Contains("is not NAME=VALUES", Error(spec), StringComparison.Ordinal);

    [Fact]
    public void An_axis_longer_than_the_cap_is_refused_before_its_values_are_made()
    {
        Assert.Contains("has 1,000,000,001 values, more than 1,000", Error("sma-fast=0:1000000000:1"), StringComparison.Ordinal);
        Assert.Contains("more than 2 values", Error("sma-fast=1,2,3", cap: 2), StringComparison.Ordinal);
    }
}
