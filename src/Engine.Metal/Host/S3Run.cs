using Backtest.Strategies.Language;
using Backtest.Strategy;

namespace Backtest.Metal.Host;

/// <summary>
/// One parameter set of the S3 shader: the built-in s3 with its values, and the execution settings. Until the plugin's
/// kernels are generated from the strategy graph, s3 is the one strategy it runs.
/// </summary>
public sealed record S3Run
{
    public S3Run(StrategyInstance strategy, StrategyParameters execution)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(execution);
        if (!S3Strategy.Is(strategy)) throw new ArgumentException($"The strategy {strategy.Definition.Name} is not the built-in s3.", nameof(strategy));
        (Strategy, Execution) = (strategy, execution);
    }

    /// <summary>s3 with its values and graph.</summary>
    public StrategyInstance Strategy { get; }

    public StrategyParameters Execution { get; }

    /// <summary>s3's value of parameter <paramref name="name"/> (strategies.md §8).</summary>
    public double this[string name] => Strategy.ParameterValues[name];
}
