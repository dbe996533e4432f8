using System.Text.Json;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Vectors;

/// <summary>
/// The spec's worked cases (shared/spec/vectors): the reference engine must give the same trades (times, shares,
/// reasons exactly; prices, pnl and return_pct within 1e-9 relative) and every metric within 1e-9 relative
/// (1e-9 absolute near 0), one theory row per case and symbol.
/// </summary>
public class SpecVectorTests
{
    public static IEnumerable<TheoryDataRow<string, string>> CasesAndSymbols() => SpecVectors.CasesAndSymbols();

    private static SymbolResult RunReference(string caseName, string symbol)
    {
        var series = SpecVectors.Load(caseName, symbol);
        var results = new ReferenceEngine().Run([series], SpecVectors.Parameters(caseName), Precision.F64, TestContext.Current.CancellationToken);
        return Assert.Single(results);
    }

    [Theory]
    [MemberData(nameof(CasesAndSymbols))]
    public void Reference_engine_reproduces_the_cases_trades(string caseName, string symbol) =>
        VectorExpectations.SameTrades(caseName, symbol, SpecVectors.Load(caseName, symbol), RunReference(caseName, symbol).Trades);

    [Theory]
    [MemberData(nameof(CasesAndSymbols))]
    public void Reference_engine_reproduces_the_cases_metrics(string caseName, string symbol) =>
        VectorExpectations.SameMetrics(caseName, symbol, SpecVectors.Load(caseName, symbol), RunReference(caseName, symbol));

    [Fact]
    public void Every_case_names_the_symbols_and_parameters_the_tests_expect()
    {
        // Guards the theory above against a silently empty or misread case file.
        Assert.Equal(["AAPL", "MSFT", "XOM", "NVDA", "GE"], SpecVectors.Symbols("daily-defaults"));
        Assert.Equal(["AZO", "TPL", "NVR"], SpecVectors.Symbols("minute-tuned"));
        var p = SpecVectors.Parameters("daily-close-fill-stops");
        Assert.Equal(Backtest.Strategy.FillMode.Close, p.Execution.Fill);
        Assert.Equal(0.5, p.Execution.PositionSize);
        Assert.Equal(20, p.Execution.MaxHoldBars);
        Assert.Equal("end", ExitReason.End.ToSpecName());
        Assert.Empty(p.Execution.Validate());
        Assert.True(File.Exists(SpecVectors.DataPath("minute-defaults", "NVR")));
        Assert.True(File.Exists(SpecVectors.DataPath("daily-defaults", "AAPL")));
    }
}
