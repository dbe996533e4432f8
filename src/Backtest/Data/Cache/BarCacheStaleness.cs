using Backtest.Data.Sources;

namespace Backtest.Data.Cache;

/// <summary>How a cache compares with its source now.</summary>
public enum CacheState
{
    /// <summary>The source looks exactly as it did at import.</summary>
    Fresh,

    /// <summary>The source changed since the import: the cache must not be used.</summary>
    Stale,

    /// <summary>The source could not be looked at (gone, unreachable): the cache is what it was at import.</summary>
    Unverified,
}

public sealed record CacheCheck(CacheState State, string Reason);

/// <summary>
/// The staleness rule: a cache is fresh while its source's fingerprint (taken at import, before reading) is the same
/// now, under the same loader rules. Files: the set of bar files under the path, each file's size and last write
/// time. A database: per selected symbol, its row count and first and last timestamp. Any difference makes it stale.
/// </summary>
public static class BarCacheStaleness
{
    public static CacheCheck Check(BarCacheMeta meta, IFingerprintedSource? current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(meta);
        if (current == null) return new CacheCheck(CacheState.Unverified, $"its source {meta.Source.Location} cannot be opened");
        SortedDictionary<string, string> now;
        try
        {
            var src = meta.Source;
            var request = new LoadRequest
            {
                Path = src.Location,
                Tickers = src.Tickers,
                Limit = src.Limit,
                Start = src.StartMs is long s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
                End = src.EndMs is long e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
            };
            now = current.Fingerprint(current.Plan(request, cancellationToken), cancellationToken);
        }
        catch (DataLoadException e)
        {
            return new CacheCheck(CacheState.Unverified, $"its source cannot be checked: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CacheCheck(CacheState.Unverified, $"its source cannot be checked: {e.Message}");
        }

        var then = meta.Source.Fingerprint;
        var changes = new List<string>();
        foreach (var (name, stamp) in then)
        {
            if (!now.TryGetValue(name, out var current2)) changes.Add($"{name} is gone");
            else if (current2 != stamp) changes.Add($"{name} changed ({stamp} → {current2})");
        }
        foreach (var name in now.Keys)
        {
            if (!then.ContainsKey(name)) changes.Add($"{name} is new");
        }

        if (changes.Count == 0) return new CacheCheck(CacheState.Fresh, $"its source {meta.Source.Location} is as imported at {meta.CreatedUtc}");
        string more = changes.Count > 3 ? $" and {changes.Count - 3} more change(s)" : "";
        return new CacheCheck(CacheState.Stale, $"{meta.Source.Location} changed since the import of {meta.CreatedUtc}: {string.Join("; ", changes.Take(3))}{more}");
    }
}
