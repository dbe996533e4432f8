using Backtest.Data;
using Backtest.Engines;
using Backtest.Strategies.Language;
using Xunit;

namespace Backtest.Tests.Vectors;

/// <summary>
/// The spec's worked strategy cases (shared/spec/vectors/strategies): each case's .bt file with its params and
/// execution options, run by the reference engine, gives the case's trades (side included) and every metric of
/// semantics 2.0 §5. The built-ins of the same names are these files byte for byte
/// (StrategyLibraryTests). The session case (sma-cross-session-minute) needs exchange sessions (sessions.md), which bt does not have yet.
/// </summary>
public class StrategyVectorTests
{
    private static readonly string[] CaseNames = ["strategies/sma-cross-minute", "strategies/donchian-close-stops-minute", "strategies/rsi-reversion-daily"];

    public static IEnumerable<TheoryDataRow<string, string>> CasesAndSymbols() => SpecVectors.CasesAndSymbols(CaseNames);

    private static (BarSeries Series, SymbolResult Result) Run(string caseName, string symbol)
    {
        var series = SpecVectors.Load(caseName, symbol);
        var strategy = StrategyCompiler.ParseFile(SpecVectors.StrategyFile(caseName)).Instantiate(SpecVectors.StrategyOverrides(caseName));
        return (series, ReferenceEngine.RunSymbol(series, strategy.Graph, SpecVectors.Execution(caseName)));
    }

    [Theory]
    [MemberData(nameof(CasesAndSymbols))]
    public void Reference_engine_reproduces_the_cases_trades(string caseName, string symbol)
    {
        var (series, result) = Run(caseName, symbol);
        VectorExpectations.SameTrades(caseName, symbol, series, result.Trades);
    }

    [Theory]
    [MemberData(nameof(CasesAndSymbols))]
    public void Reference_engine_reproduces_the_cases_metrics(string caseName, string symbol)
    {
        var (series, result) = Run(caseName, symbol);
        VectorExpectations.SameMetrics(caseName, symbol, series, result);
    }
}
