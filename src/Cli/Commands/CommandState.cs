namespace Backtest.Cli.Commands;

/// <summary>
/// Set when a command body starts. A non-zero exit without it means the command line itself was
/// rejected (unknown option, unreadable number): <see cref="Program.Run(string[], Running.CliServices?)"/>
/// maps that to exit code 2.
/// </summary>
public sealed class CommandState
{
    public bool Started { get; set; }
}
