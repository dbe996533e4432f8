namespace Backtest.Cli.Running;

/// <summary>How a command reports rejected options (exit 2), failures (exit 1) and cancellation on stderr.</summary>
internal sealed class CommandMessages(string command, TextWriter stderr)
{
    public int Usage(IReadOnlyList<string> errors)
    {
        stderr.WriteLine(errors.Count == 1
            ? $"bt {command}: {errors[0]}"
            : $"bt {command}: {errors.Count} problems with the options:");
        if (errors.Count > 1)
        {
            foreach (var e in errors) stderr.WriteLine($"  {e}");
        }
        stderr.WriteLine($"Nothing was run. See 'bt {command} --help'.");
        return ExitCodes.Usage;
    }

    public int Fail(string reason)
    {
        // One line, whatever the message: scripts read the last line of stderr.
        string line = string.Join("; ", reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        stderr.WriteLine($"bt {command}: {line}");
        return ExitCodes.Failure;
    }

    public int Cancelled()
    {
        stderr.WriteLine($"bt {command}: cancelled.");
        return ExitCodes.Cancelled;
    }
}
