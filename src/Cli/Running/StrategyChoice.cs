using Backtest.Strategies.Language;
using Backtest.Strategies.Library;

namespace Backtest.Cli.Running;

/// <summary>
/// The strategy of a command line: <c>--strategy NAME|FILE.bt</c> compiled, its <c>--param NAME=VALUE</c> values parsed
/// (<see cref="ParameterOverrides"/>), its requirements checked and its graph built, before any data is read. Every
/// problem is a strategies.md §7 error (FILE:LINE:COLUMN: message), which the commands print as it is and exit 2.
/// </summary>
public static class StrategyChoice
{
    /// <summary>The instance, or null with <paramref name="errors"/> filled.</summary>
    public static StrategyInstance? Compile(string nameOrPath, IReadOnlyList<string> overrides, List<StrategyError> errors)
    {
        try
        {
            var definition = StrategyLibrary.Load(nameOrPath);
            var values = ParameterOverrides.Parse(overrides, definition, errors);
            return values is null ? null : definition.Instantiate(values);
        }
        catch (StrategyException e)
        {
            errors.AddRange(e.Errors);
            return null;
        }
    }

    /// <summary>Prints the errors one per line, as strategies.md §7 writes them, and returns the usage exit code.</summary>
    public static int Report(TextWriter stderr, IEnumerable<StrategyError> errors)
    {
        foreach (var error in errors) stderr.WriteLine(error.ToString());
        return ExitCodes.Usage;
    }
}
