using Backtest.Cli.Running;

namespace Backtest.Cli.Tests;

/// <summary>The outcome of one in-process `bt` command line.</summary>
public sealed record BtResult(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs `bt` in-process with Console.Out and Console.Error redirected (tests of <see cref="ConsoleCollection"/> only).</summary>
public static class Bt
{
    private static readonly object Gate = new();

    public static BtResult Run(CliServices? services, params string[] args) => Run(services, null, args);

    /// <summary>With <paramref name="signals"/> standing for Ctrl-C and SIGTERM (<see cref="StopSignals.Stop"/>).</summary>
    public static BtResult Run(CliServices? services, StopSignals? signals, params string[] args)
    {
        lock (Gate)
        {
            var oldOut = Console.Out;
            var oldError = Console.Error;
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            try
            {
                Console.SetOut(stdout);
                Console.SetError(stderr);
                int code = Program.Run(args, services, signals);
                return new BtResult(code, stdout.ToString(), stderr.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
                Environment.ExitCode = 0;
            }
        }
    }
}
