using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>`bt strategies`, `bt strategies show`, `bt strategies check`: the strategy files, via <see cref="StrategiesPipeline"/>.</summary>
public sealed class StrategiesCommand(CommandState state)
{
    public const string Description =
        "The strategies: `bt strategies` lists the built-ins with their parameters; `show` prints one; `check` compiles a file or built-in (docs/strategies.md).";

    [PrimaryCommand]
    [Command("list", Description = "List the built-in strategies, s3 (the default) first, with their parameters: type, default, range.")]
    public int List()
    {
        state.Started = true;
        return new StrategiesPipeline(TerminalSafeWriter.Out, TerminalSafeWriter.Error).List();
    }

    [Command("show", Description = "Print a built-in strategy's file (or the .bt file at a path) as it is: a start for your own.")]
    public int Show(
        [Argument("strategy", Description = "A built-in's name (`bt strategies` lists them) or the path of a .bt file.")] string strategy)
    {
        state.Started = true;
        return new StrategiesPipeline(TerminalSafeWriter.Out, TerminalSafeWriter.Error).Show(strategy);
    }

    [Command("check", Description = "Compile a strategy with its values, as a run would before reading data: its name, sha256, parameters, sides and first decision bar W; or its errors as FILE:LINE:COLUMN: message (exit 2).")]
    public int Check(
        [Argument("strategy", Description = "The path of a .bt file or a built-in's name.")] string strategy,
        [Option(ParameterOverrides.OptionName, Description = "A parameter's value, NAME=VALUE (repeat for several): checked for its type and range, then the requirements.", ValueName = "NAME=VALUE")] string[]? param = null)
    {
        state.Started = true;
        return new StrategiesPipeline(TerminalSafeWriter.Out, TerminalSafeWriter.Error).Check(strategy, param ?? []);
    }
}
