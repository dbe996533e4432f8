using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// One numeric parameter a grid can vary: a parameter of the strategy (<see cref="IsStrategyParameter"/>; its
/// name in the file) or an execution setting of semantics §4. <see cref="Name"/> is the option's spelling
/// (sma-fast, capital), <see cref="JsonName"/> the snake_case name results.json and optimize.json use.
/// </summary>
public sealed record GridParameter(string Name, string JsonName, bool IsInteger, bool IsStrategyParameter)
{
    /// <summary>The parameter's value at <paramref name="point"/>; NaN for an inferred --periods-per-year.</summary>
    public double Get(GridPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return IsStrategyParameter ? point.Values[JsonName] : GridParameters.ExecutionField(JsonName).Get(point.Execution);
    }

    /// <summary><paramref name="point"/> with this parameter set to <paramref name="value"/>.</summary>
    public GridPoint With(GridPoint point, double value)
    {
        ArgumentNullException.ThrowIfNull(point);
        return IsStrategyParameter
            ? point.WithValue(JsonName, value)
            : point with { Execution = GridParameters.ExecutionField(JsonName).With(point.Execution, value) };
    }

    /// <summary>Whether <paramref name="name"/> (with or without the leading --, dashes or underscores, any case) names this parameter.</summary>
    public bool IsNamed(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string bare = name.StartsWith("--", StringComparison.Ordinal) ? name[2..] : name;
        return string.Equals(bare.Replace('-', '_'), JsonName, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The value as it is written in tables: integers without a decimal point.</summary>
    public string Format(double value) => Results.ResultText.Number(value);
}
