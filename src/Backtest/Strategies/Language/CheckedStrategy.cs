using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Language;

/// <summary>
/// A strategy file that parsed and type-checked: its statements with every expression typed, its parameters and
/// requirements, ready to be lowered into a graph for any valid set of parameter values.
/// </summary>
internal sealed record CheckedStrategy(
    string? Name,
    string? Description,
    IReadOnlyList<StrategyParameter> Parameters,
    IReadOnlyList<RequireStatement> Requirements,
    IReadOnlyList<Statement> Statements,
    int EndLine,
    int EndColumn)
{
    public bool Has(RuleKind rule) => Statements.OfType<RuleStatement>().Any(r => r.Rule == rule);
}
