using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// One point of a grid, everything `bt run` is given: the strategy, every one of its parameters' values (by name), and
/// the execution settings of semantics §4 (<see cref="Execution"/>).
/// </summary>
public sealed record GridPoint(StrategyDefinition Strategy, IReadOnlyDictionary<string, double> Values, StrategyParameters Execution)
{
    /// <summary>
    /// The built-in s3 with <paramref name="values"/> over its defaults (unchecked: <see cref="Problems"/> says what is
    /// wrong with them), and <paramref name="execution"/>.
    /// </summary>
    public static GridPoint S3(StrategyParameters execution, IReadOnlyDictionary<string, double>? values = null)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var all = S3Strategy.Definition.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (name, value) in values ?? new Dictionary<string, double>()) all[name] = value;
        return new(S3Strategy.Definition, all, execution);
    }

    /// <summary>Whether the strategy is the built-in s3 (whose f32 score has a bound of its own, <c>KernelRules.PrecisionProblem</c>).</summary>
    public bool IsS3 => S3Strategy.Is(Strategy);

    /// <summary>The point with parameter <paramref name="name"/> of the strategy set to <paramref name="value"/>.</summary>
    public GridPoint WithValue(string name, double value) =>
        this with { Values = new Dictionary<string, double>(Values, StringComparer.Ordinal) { [name] = value } };

    /// <summary>The strategy with these values, its graph built; throws <see cref="StrategyException"/> when a value breaks a rule of its file.</summary>
    public StrategyInstance Instantiate() => Strategy.Instantiate(Values);

    /// <summary>
    /// Why the point cannot run, one message each: a value outside its parameter's range or a failed <c>require</c> of
    /// the strategy's file (strategies.md §7), and the execution settings' rules (semantics §4); empty when it can run.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        try
        {
            Strategy.Values(Values);
        }
        catch (StrategyException e)
        {
            problems.AddRange(e.Errors.Select(error => error.Message));
        }
        problems.AddRange(Execution.Validate());
        return problems;
    }
}
