using System.Net.Sockets;
using Npgsql;

namespace Backtest.Data.Postgres;

/// <summary>
/// A PostgreSQL connection as users give it (<c>--db</c> or <c>DATABASE_URL</c>): a URL
/// <c>postgresql://user:password@host:port/database?sslmode=require</c> (or <c>postgres://</c>; user, password and
/// database percent-decoded) or an Npgsql connection string (<c>Host=...;Username=...;Password=...;Database=...</c>).
/// </summary>
public sealed class PostgresConnection
{
    private PostgresConnection(NpgsqlConnectionStringBuilder builder)
    {
        Builder = builder;
    }

    public NpgsqlConnectionStringBuilder Builder { get; }

    public string ConnectionString => Builder.ConnectionString;

    /// <summary>The connection without its password, as run.data and a cache record it.</summary>
    public string Redacted =>
        $"postgresql://{(string.IsNullOrEmpty(Builder.Username) ? "" : Uri.EscapeDataString(Builder.Username) + "@")}{Builder.Host}:{Builder.Port}/{Builder.Database}" +
        (string.IsNullOrEmpty(Builder.SearchPath) ? "" : $"?search_path={Uri.EscapeDataString(Builder.SearchPath)}");

    public static bool LooksLikeUrl(string text) =>
        text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The default of <c>--db-timeout</c>: how long a statement may wait for the server's next bytes. Long enough for
    /// the counting query over a large table on a busy server; short enough that a server that stopped answering
    /// (a hung host, a dropped network) ends the run instead of leaving it waiting forever.
    /// </summary>
    public const int DefaultCommandTimeoutSeconds = 60;

    /// <summary>How long a statement waits for the server before the read fails (seconds; 0 waits forever).</summary>
    public int CommandTimeoutSeconds => Builder.CommandTimeout;

    private static readonly string SslModes = "disable, allow, prefer, require, verify-ca, verify-full";

    /// <summary>
    /// Reads either form; throws <see cref="FormatException"/> with what is wrong, naming the parameter (never echoing a
    /// password). <paramref name="commandTimeoutSeconds"/> is <c>--db-timeout</c> (0: no limit).
    /// </summary>
    public static PostgresConnection Parse(string text, int commandTimeoutSeconds = DefaultCommandTimeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(commandTimeoutSeconds);
        text = text.Trim();
        if (text.Length == 0) throw new FormatException("the connection is empty");
        var b = new NpgsqlConnectionStringBuilder();
        if (LooksLikeUrl(text))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                throw new FormatException("not a valid postgresql:// URL (expected postgresql://user:password@host:port/database)");
            b.Host = uri.Host.Trim('[', ']');
            b.Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port;
            if (uri.UserInfo.Length > 0)
            {
                int colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
                b.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
                if (colon >= 0) b.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }

            string db = Uri.UnescapeDataString(uri.AbsolutePath.Trim('/'));
            if (db.Length > 0) b.Database = db;
            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = pair.IndexOf('=', StringComparison.Ordinal);
                string key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
                string value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
                string? problem = key switch
                {
                    "sslmode" => TrySslMode(value, b),
                    "connect_timeout" => TryConnectTimeout(value, b),
                    "application_name" => Assign(() => b.ApplicationName = value),
                    "search_path" => Assign(() => b.SearchPath = value),
                    _ => throw new FormatException($"unknown URL parameter '{key}' (known: sslmode, connect_timeout, application_name, search_path)"),
                };
                if (problem != null) throw new FormatException($"URL parameter {key}={value}: {problem}");
            }
        }
        else
        {
            ReadConnectionString(text, b);
            if (string.IsNullOrEmpty(b.Host)) throw new FormatException("the connection string names no Host");
        }

        if (b.Timeout == 15) b.Timeout = 10;
        b.CommandTimeout = commandTimeoutSeconds;
        // A cancelled read (Ctrl-C) asks the server to cancel its statement, then drops the connection at once instead
        // of waiting for the server's answer, which a server that stopped answering never sends.
        b.CancellationTimeout = -1;
        return new PostgresConnection(b);
    }

    private static string? TrySslMode(string value, NpgsqlConnectionStringBuilder b)
    {
        // Enum.TryParse also takes numbers ("3") and names of no libpq mode; only the six words are accepted.
        string word = value.Replace("-", "", StringComparison.Ordinal);
        if (word.Length == 0 || !char.IsLetter(word[0]) || !Enum.TryParse<SslMode>(word, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
            return $"not one of {SslModes}";
        b.SslMode = mode;
        return null;
    }

    private static string? TryConnectTimeout(string value, NpgsqlConnectionStringBuilder b)
    {
        const string Problem = "not a whole number of seconds from 0 (wait forever) up";
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seconds))
            return Problem;
        return Assign(() => b.Timeout = seconds) is { } tooLarge ? $"{Problem} ({tooLarge})" : null;
    }

    /// <summary>Null, or the reason the value is refused (the first line of the innermost exception: Npgsql's outer one only says "Couldn't set").</summary>
    private static string? Assign(Action assign)
    {
        try
        {
            assign();
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException or InvalidCastException)
        {
            var inner = e;
            while (inner.InnerException != null) inner = inner.InnerException;
            return FirstLine(inner.Message);
        }
    }

    /// <summary>An Npgsql connection string, key by key, so that a refused value is named (a password never echoed).</summary>
    private static void ReadConnectionString(string text, NpgsqlConnectionStringBuilder b)
    {
        const string What = "not a postgresql:// URL nor an Npgsql connection string";
        var pairs = new System.Data.Common.DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = text;
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{What} ({FirstLine(e.Message)})");
        }

        foreach (string key in pairs.Keys)
        {
            object value = pairs[key];
            if (Assign(() => b[key] = value) is { } problem)
            {
                bool secret = key.Contains("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase);
                throw new FormatException($"{What} ({key}={(secret ? "..." : value)}: {problem})");
            }
        }
    }

    /// <summary>The first line of a message, without .NET's " (Parameter 'value')", which names no user-visible thing.</summary>
    private static string FirstLine(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message.Split('\n')[0], @" \(Parameter '[^']*'\)", "").Trim();

    /// <summary>An open connection; a failure becomes a <see cref="DataLoadException"/> that says what went wrong.</summary>
    public NpgsqlConnection Open(CancellationToken cancellationToken)
    {
        var conn = new NpgsqlConnection(ConnectionString);
        try
        {
            // Async with the token: the only way Npgsql lets a caller abandon a connection attempt that hangs.
            conn.OpenAsync(cancellationToken).GetAwaiter().GetResult();
            return conn;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException or InvalidOperationException or OperationCanceledException)
        {
            conn.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            if (e is OperationCanceledException) throw;
            throw new DataLoadException(Explain(e, connecting: true));
        }
    }

    /// <summary>One line on what a connection or query failure means.</summary>
    public string Explain(Exception e, bool connecting = false)
    {
        string where = $"PostgreSQL at {Builder.Host}:{Builder.Port}";
        if (e is PostgresException pg)
        {
            return pg.SqlState switch
            {
                "28P01" => $"{where} rejected the password for user '{Builder.Username}' (28P01 invalid_password); check --db / DATABASE_URL.",
                "28000" => $"{where} refused user '{Builder.Username}' (28000 invalid_authorization_specification: {pg.MessageText}).",
                "3D000" => $"{where} has no database '{Builder.Database}' (3D000).",
                "42P01" => $"{where}, database '{Builder.Database}': {pg.MessageText} (42P01); the expected schema is {PostgresBarSource.SchemaText}.",
                "42703" => $"{where}, database '{Builder.Database}': {pg.MessageText} (42703); the expected schema is {PostgresBarSource.SchemaText}.",
                _ => $"{where}, database '{Builder.Database}': {pg.MessageText} ({pg.SqlState}).",
            };
        }

        for (var inner = e; inner != null; inner = inner.InnerException)
        {
            if (inner is SocketException se)
                return $"cannot connect to {where}: {se.Message} (is the server running and listening there?).";
            if (inner is TimeoutException)
                return connecting
                    ? $"cannot connect to {where}: timed out after {Builder.Timeout} s."
                    : $"{where} did not answer for {Builder.CommandTimeout} s (--db-timeout {Builder.CommandTimeout}).";
        }

        return $"{where}: {e.Message.Split('\n')[0]}";
    }
}
