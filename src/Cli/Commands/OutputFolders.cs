namespace Backtest.Cli.Commands;

/// <summary>
/// The default --out of each command: one folder per command under bt-out, so that a command never leaves its
/// files beside another command's older ones (they once shared bt-out itself).
/// </summary>
public static class OutputFolders
{
    public const string Run = "bt-out/run";
    public const string Optimize = "bt-out/optimize";
    public const string WalkForward = "bt-out/walkforward";
}
