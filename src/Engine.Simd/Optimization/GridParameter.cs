using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// One numeric strategy parameter that a grid can vary: its option name (as `bt run` spells it), its
/// snake_case name (as results.json and optimize.json spell it), whether it takes whole numbers, and how
/// to read it from and set it on a <see cref="StrategyParameters"/>.
/// </summary>
public sealed record GridParameter(
    string Name,
    string JsonName,
    bool IsInteger,
    Func<StrategyParameters, double> Get,
    Func<StrategyParameters, double, StrategyParameters> With)
{
    /// <summary>The value as it is written in tables: integers without a decimal point.</summary>
    public string Format(double value) => Results.ResultText.Number(value);
}
