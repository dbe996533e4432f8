namespace Backtest.Cli;

/// <summary>The process exit codes of bt (docs/cli.md).</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command ran but failed: unusable data, nothing could be backtested, results not written.</summary>
    public const int Failure = 1;

    /// <summary>The command line was rejected before anything ran: bad option, value or parameter.</summary>
    public const int Usage = 2;

    /// <summary>Cancelled (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM, as shells report it (128 + 15).</summary>
    public const int Terminated = 143;
}
