using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// The parameters a grid can vary for a strategy: the strategy's own (its file's <c>param</c>s, in their order), then
/// the numeric execution settings of `bt run` (semantics §4), in the order `bt run --help` lists them. --fill is a word,
/// not a number, and is fixed with --fill. --periods-per-year is numeric here (a grid gives values, never "auto").
/// </summary>
public static class GridParameters
{
    /// <summary>An execution setting: how to read it from and set it on the record.</summary>
    internal sealed record Field(Func<StrategyParameters, double> Get, Func<StrategyParameters, double, StrategyParameters> With);

    private static readonly (string Name, bool IsInteger, Field Field)[] ExecutionFields =
    [
        ("capital", false, new(p => p.Capital, (p, v) => p with { Capital = v })),
        ("position_size", false, new(p => p.PositionSize, (p, v) => p with { PositionSize = v })),
        ("fee_fixed", false, new(p => p.FeeFixed, (p, v) => p with { FeeFixed = v })),
        ("fee_bps", false, new(p => p.FeeBps, (p, v) => p with { FeeBps = v })),
        ("slippage_bps", false, new(p => p.SlippageBps, (p, v) => p with { SlippageBps = v })),
        ("stop_loss_pct", false, new(p => p.StopLossPct, (p, v) => p with { StopLossPct = v })),
        ("take_profit_pct", false, new(p => p.TakeProfitPct, (p, v) => p with { TakeProfitPct = v })),
        ("max_hold_bars", true, new(p => p.MaxHoldBars, (p, v) => p with { MaxHoldBars = checked((int)v) })),
        ("periods_per_year", false, new(p => p.PeriodsPerYear ?? double.NaN, (p, v) => p with { PeriodsPerYear = v })),
    ];

    /// <summary>The numeric execution settings, whatever the strategy.</summary>
    public static IReadOnlyList<GridParameter> Execution { get; } =
        [.. ExecutionFields.Select(f => new GridParameter(f.Name.Replace('_', '-'), f.Name, f.IsInteger, IsStrategyParameter: false))];

    /// <summary>Every parameter a grid over <paramref name="strategy"/> can vary: its own, then the execution settings.</summary>
    public static IReadOnlyList<GridParameter> For(StrategyDefinition strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return [.. strategy.Parameters.Select(p => new GridParameter(p.Name.Replace('_', '-'), p.Name, p.IsInt, IsStrategyParameter: true)), .. Execution];
    }

    /// <summary>The parameter of <paramref name="parameters"/> that <paramref name="name"/> names (see <see cref="GridParameter.IsNamed"/>), or null.</summary>
    public static GridParameter? Find(IReadOnlyList<GridParameter> parameters, string name)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.FirstOrDefault(p => p.IsNamed(name));
    }

    internal static Field ExecutionField(string jsonName) =>
        ExecutionFields.First(f => f.Name == jsonName).Field;
}
