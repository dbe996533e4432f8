using Backtest.Data.Postgres;

namespace Backtest.Cli.Running;

/// <summary>
/// <c>--db-timeout SECONDS</c>, taken by every command that reads a source (run, optimize, walkforward, data import,
/// data scan): how long a PostgreSQL statement may wait for the server's next bytes before the command fails with
/// one line naming the server. Its help, default and check live here once.
/// </summary>
public static class DbTimeoutOption
{
    public const string Description =
        "Seconds a PostgreSQL statement may wait for the server to answer before the command fails (0 = no limit). Default: 60.";

    public const int Default = PostgresConnection.DefaultCommandTimeoutSeconds;

    /// <summary>The problem with the value, or null.</summary>
    public static string? Check(int seconds) =>
        seconds < 0 ? $"--db-timeout must be a number of seconds, 0 (no limit) or more (got {seconds})." : null;
}
