using Backtest.Data.Cache;
using Backtest.Data.Postgres;

namespace Backtest.Data.Sources;

/// <summary>
/// Turns <c>--data</c> / <c>--db</c> into a source: a bar cache file (recognised by its header) checked against its
/// source, PostgreSQL (<c>--db CONN</c>, <c>--data postgres</c> with <c>DATABASE_URL</c>, or a <c>postgresql://</c> URL
/// given to <c>--data</c>), else a path of bar files.
/// </summary>
public static class BarSources
{
    /// <summary>The <c>--data</c> word that means "the database of --db or DATABASE_URL".</summary>
    public const string DatabaseWord = "postgres";

    public const string DatabaseUrlVariable = "DATABASE_URL";

    /// <summary>True when <c>--data</c> names a database rather than a path.</summary>
    public static bool IsDatabase(string? data) =>
        data != null && (string.Equals(data, DatabaseWord, StringComparison.OrdinalIgnoreCase) || PostgresConnection.LooksLikeUrl(data));

    /// <summary>The connection text for a database source: <paramref name="db"/>, a URL in --data, or DATABASE_URL.</summary>
    public static string DatabaseConnection(string? data, string? db)
    {
        if (!string.IsNullOrWhiteSpace(db)) return db;
        if (data != null && PostgresConnection.LooksLikeUrl(data)) return data;
        var env = Environment.GetEnvironmentVariable(DatabaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(env)) return env;
        throw new DataLoadException($"--data {DatabaseWord} reads PostgreSQL, but neither --db nor {DatabaseUrlVariable} gives a connection.");
    }

    /// <param name="warn">Told when a cache cannot be checked against its source (and is used as imported).</param>
    public static IBarSource Open(string? data, string? db, Action<string> warn, CancellationToken cancellationToken)
        => Open(data, db, PostgresConnection.DefaultCommandTimeoutSeconds, warn, cancellationToken);

    /// <param name="dbTimeoutSeconds">How long a database statement waits for the server (<c>--db-timeout</c>; 0: forever).</param>
    /// <param name="warn">Told when a cache cannot be checked against its source (and is used as imported).</param>
    public static IBarSource Open(string? data, string? db, int dbTimeoutSeconds, Action<string> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warn);
        if (data == null || IsDatabase(data)) return OpenDatabase(DatabaseConnection(data, db), dbTimeoutSeconds);
        if (BarCacheFormat.IsCache(data)) return OpenCache(data, db, dbTimeoutSeconds, warn, cancellationToken);
        return new FileBarSource(data);
    }

    public static PostgresBarSource OpenDatabase(string connection, int dbTimeoutSeconds = PostgresConnection.DefaultCommandTimeoutSeconds)
    {
        try
        {
            return new PostgresBarSource(PostgresConnection.Parse(connection, dbTimeoutSeconds));
        }
        catch (FormatException e)
        {
            throw new DataLoadException($"cannot read the PostgreSQL connection: {e.Message}.");
        }
    }

    /// <summary>The cache, checked against its source with the default database timeout.</summary>
    public static CacheBarSource OpenCache(string path, string? db, Action<string> warn, CancellationToken cancellationToken)
        => OpenCache(path, db, PostgresConnection.DefaultCommandTimeoutSeconds, warn, cancellationToken);

    /// <summary>The cache, after checking it against its source: a stale cache is refused, never used.</summary>
    public static CacheBarSource OpenCache(string path, string? db, int dbTimeoutSeconds, Action<string> warn, CancellationToken cancellationToken)
    {
        var cache = BarCache.Open(path);
        try
        {
            var check = Check(cache, db, dbTimeoutSeconds, cancellationToken);
            if (check.State == CacheState.Stale)
                throw new DataLoadException($"cache '{path}' is stale: {check.Reason}. Rebuild it with `bt data import {ImportSource(cache.Meta)} --out {path}`.");
            if (check.State == CacheState.Unverified)
                warn($"cache '{path}': {check.Reason.TrimEnd('.')}; using it as imported at {cache.Meta.CreatedUtc}.");
            return new CacheBarSource(cache);
        }
        catch
        {
            cache.Dispose();
            throw;
        }
    }

    /// <summary>The cache against its source now. For a database, the connection is --db, else DATABASE_URL, else the recorded one.</summary>
    public static CacheCheck Check(BarCache cache, string? db, CancellationToken cancellationToken)
        => Check(cache, db, PostgresConnection.DefaultCommandTimeoutSeconds, cancellationToken);

    /// <summary>The cache against its source now, a database waited on for at most <paramref name="dbTimeoutSeconds"/> per statement.</summary>
    public static CacheCheck Check(BarCache cache, string? db, int dbTimeoutSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        var src = cache.Meta.Source;
        IFingerprintedSource? current = null;
        try
        {
            if (src.Kind == "files")
            {
                if (File.Exists(src.Location) || Directory.Exists(src.Location)) current = new FileBarSource(src.Location);
            }
            else if (src.Kind == SyntheticBarSource.Word)
            {
                if (SyntheticBarSource.FromDescription(src.Location) is { } options) current = new SyntheticBarSource(options);
            }
            else if (src.Kind == "postgres")
            {
                string conn = !string.IsNullOrWhiteSpace(db) ? db
                    : Environment.GetEnvironmentVariable(DatabaseUrlVariable) is { Length: > 0 } env ? env
                    : src.Location;
                current = OpenDatabase(conn, dbTimeoutSeconds);
            }

            return BarCacheStaleness.Check(cache.Meta, current, cancellationToken);
        }
        catch (DataLoadException e)
        {
            return new CacheCheck(CacheState.Unverified, $"its source cannot be checked: {e.Message}");
        }
        finally
        {
            current?.Dispose();
        }
    }

    private static string ImportSource(BarCacheMeta meta) => meta.Source.Kind == "postgres" ? "postgres --db CONN" : meta.Source.Location;
}
