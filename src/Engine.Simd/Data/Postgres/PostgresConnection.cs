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

    /// <summary>Reads either form; throws <see cref="FormatException"/> with what is wrong (never echoing a password).</summary>
    public static PostgresConnection Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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
                switch (key)
                {
                    case "sslmode": b.SslMode = Enum.Parse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true); break;
                    case "connect_timeout": b.Timeout = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "application_name": b.ApplicationName = value; break;
                    case "search_path": b.SearchPath = value; break;
                    default: throw new FormatException($"unknown URL parameter '{key}' (known: sslmode, connect_timeout, application_name, search_path)");
                }
            }
        }
        else
        {
            try
            {
                b.ConnectionString = text;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"not a postgresql:// URL nor an Npgsql connection string ({e.Message.Split('\n')[0]})");
            }
            if (string.IsNullOrEmpty(b.Host)) throw new FormatException("the connection string names no Host");
        }

        if (b.Timeout == 15) b.Timeout = 10;
        b.CommandTimeout = 0;   // a batch of bars may take long; cancellation stops it
        return new PostgresConnection(b);
    }

    /// <summary>An open connection; a failure becomes a <see cref="DataLoadException"/> that says what went wrong.</summary>
    public NpgsqlConnection Open(CancellationToken cancellationToken)
    {
        var conn = new NpgsqlConnection(ConnectionString);
        try
        {
            conn.Open();
            return conn;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or SocketException or InvalidOperationException)
        {
            conn.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new DataLoadException(Explain(e));
        }
    }

    /// <summary>One line on what a connection or query failure means.</summary>
    public string Explain(Exception e)
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
                return $"cannot connect to {where}: timed out after {Builder.Timeout} s.";
        }

        return $"{where}: {e.Message.Split('\n')[0]}";
    }
}
