using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Optimization;

/// <summary>
/// One point of a grid, everything `bt run` is given: the strategy, every one of its parameters' values (by name), and
/// the execution settings of semantics §4 (<see cref="Execution"/>; its S3 fields are not read).
/// </summary>
public sealed record GridPoint(StrategyDefinition Strategy, IReadOnlyDictionary<string, double> Values, StrategyParameters Execution)
{
    /// <summary>The built-in s3 with the S3 fields of <paramref name="p"/> as its values and <paramref name="p"/> as the execution settings.</summary>
    public static GridPoint S3(StrategyParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(S3Strategy.Definition, S3Strategy.Values(p), p);
    }

    /// <summary>Whether the strategy is the built-in s3, which the grid runs on its own shared-parts kernel.</summary>
    public bool IsS3 => S3Strategy.Is(Strategy);

    /// <summary>The execution settings with s3's values in the record's S3 fields (s3 only): what its grid kernel reads.</summary>
    public StrategyParameters S3Parameters => IsS3
        ? S3Strategy.Parameters(Values, Execution)
        : throw new InvalidOperationException($"The strategy {Strategy.Name} is not the built-in s3.");

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
        // s3's record holds rules of spec §3 that its grid kernel relies on; another strategy's record is execution only.
        problems.AddRange(IsS3 && problems.Count == 0 ? S3Parameters.Validate() : Execution.Validate());
        return problems;
    }
}
