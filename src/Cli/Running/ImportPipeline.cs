using System.Globalization;
using Backtest.Data;
using Backtest.Data.Cache;
using Backtest.Data.Sources;
using Backtest.Runs;

namespace Backtest.Cli.Running;

/// <summary>The options of `bt data import` as typed.</summary>
public sealed record ImportOptions
{
    public required string Source { get; init; }
    public required string Out { get; init; }
    public string? Db { get; init; }
    public int DbTimeout { get; init; } = DbTimeoutOption.Default;
    public string? Tickers { get; init; }
    public int? Limit { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
    public string OnInvalid { get; init; } = "skip";
    public string? MemoryBudget { get; init; }
    public int? BatchSize { get; init; }
    public bool Force { get; init; }
    public string Progress { get; init; } = "auto";
    public bool Quiet { get; init; }
    public int SynthSymbols { get; init; } = 500;
    public int SynthDays { get; init; } = 60;
    public int Seed { get; init; } = 42;
}

/// <summary>
/// `bt data import`: check the options (exit 2), open the source, keep an up-to-date cache of the same selection
/// (unless --force), else write the cache (<see cref="BarCacheWriter"/>), then print what was written.
/// </summary>
public sealed class ImportPipeline(CliServices services, TextWriter stdout, TextWriter stderr)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public int Execute(ImportOptions o, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(o);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.Source)) errors.Add("SOURCE must name a path of bar files or postgres.");
        if (string.IsNullOrWhiteSpace(o.Out)) errors.Add("--out must name the cache file to write.");
        else if (Directory.Exists(o.Out)) errors.Add($"--out {o.Out} is a directory; name the cache file (for example {Path.Combine(o.Out, "bars.btcache")}).");
        if (o.Limit is < 1) errors.Add($"--limit must be at least 1 (got {o.Limit}).");
        errors.AddRange(Backtest.Data.Synthetic.SyntheticUniverseOptions.Problems("--synth-symbols", o.SynthSymbols, "--synth-days", o.SynthDays));
        if (o.BatchSize is < 0) errors.Add($"--batch-size must be at least 0 (got {o.BatchSize}).");
        if (DbTimeoutOption.Check(o.DbTimeout) is { } dbTimeout) errors.Add(dbTimeout);
        long budget = Runs.MemoryBudget.Default;
        if (o.MemoryBudget is not null && !Runs.MemoryBudget.TryParse(o.MemoryBudget, out budget))
            errors.Add($"--memory-budget must be a size such as 512MB, 8GiB or 40% (got '{o.MemoryBudget}').");
        if (!ProgressDisplay.Modes.Contains(o.Progress.ToLowerInvariant())) errors.Add($"--progress must be auto, bar, lines or none (got '{o.Progress}').");
        InvalidRowPolicy? onInvalid = o.OnInvalid.ToLowerInvariant() switch { "skip" => InvalidRowPolicy.Skip, "fail" => InvalidRowPolicy.Fail, _ => null };
        if (onInvalid is null) errors.Add($"--on-invalid must be skip or fail (got '{o.OnInvalid}').");
        if (o.Db is not null && !BarSources.IsDatabase(o.Source)) errors.Add($"--db reads PostgreSQL and SOURCE {o.Source} names files: give SOURCE as postgres.");
        DateTimeOffset? start = Bound(o.Start, false, errors), end = Bound(o.End, true, errors);
        if (start is { } s0 && end is { } e0 && s0 > e0) errors.Add($"--start ({o.Start}) is after --end ({o.End}).");
        IReadOnlyList<string>? tickers = null;
        if (o.Tickers is not null)
        {
            try
            {
                tickers = services.Data.ReadTickers(o.Tickers);
                if (tickers.Count == 0) errors.Add($"--tickers {o.Tickers} lists no symbols.");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or DataLoadException or System.Text.Json.JsonException)
            {
                errors.Add($"--tickers {o.Tickers}: {ex.Message}");
            }
        }
        if (errors.Count > 0)
        {
            foreach (var error in errors) stderr.WriteLine($"bt data import: {error}");
            return ExitCodes.Usage;
        }

        var request = new LoadRequest { Path = o.Source, Tickers = tickers, Limit = o.Limit, Start = start, End = end, OnInvalid = onInvalid!.Value };
        try
        {
            if (!BarSources.IsDatabase(o.Source) && BarCacheFormat.IsCache(o.Source))
                return Fail($"{o.Source} is already a bar cache; import its source instead.");
            using var opened = (string.Equals(o.Source, SyntheticBarSource.Word, StringComparison.OrdinalIgnoreCase)
                    ? services.Data.OpenSynthetic(o.SynthSymbols, o.SynthDays, o.Seed)
                    : services.Data.OpenSource(o.Source, o.Db, o.DbTimeout, w => stderr.WriteLine($"bt data import: warning: {w}"), cancellationToken))
                ?? throw new NotInThisBuildException("bt data import is not part of this build.");
            if (opened is not IFingerprintedSource source) return Fail($"{o.Source} cannot be imported.");

            if (File.Exists(o.Out))
            {
                if (!BarCacheFormat.IsCache(o.Out)) return Fail($"{o.Out} exists and is not a bar cache; not overwriting it.");
                string? why = UpToDate(o, request, source, cancellationToken);
                if (why is null && !o.Force)
                {
                    if (!o.Quiet) stdout.WriteLine($"{o.Out} is up to date with {source.Location}; nothing to do (--force rebuilds it).");
                    return ExitCodes.Success;
                }
                if (!o.Quiet) stderr.WriteLine($"Rebuilding {o.Out}: {why ?? "--force"}.");
            }

            if (!o.Quiet) stderr.WriteLine($"Importing {source.Description} into {o.Out} (memory budget {Runs.MemoryBudget.Format(budget)}) ...");
            var import = ProgressDisplay.For(o.Progress, o.Quiet, stderr).Run("bt data import",
                progress => BarCacheWriter.Import(source, request, o.Out, budget, o.BatchSize, progress, cancellationToken,
                    enforceMemoryBudget: o.MemoryBudget is not null));
            if (!o.Quiet)
            {
                double mb = import.Bars * 48 / 1e6;
                stdout.WriteLine(string.Create(Inv,
                    $"Imported {import.SymbolsWithBars:N0} symbols ({import.Bars:N0} bars) from {source.Description} into {import.Path}: " +
                    $"{import.Bytes / (double)(1 << 20):F1} MiB in {import.Blocks} block(s), {import.Seconds:F2} s ({mb / Math.Max(1e-9, import.Seconds):F0} MB/s of bar data)."));
                if (import.Skipped > 0 || import.Issues > 0)
                    stdout.WriteLine(string.Create(Inv, $"{import.Skipped:N0} symbol(s) without bars and {import.Issues:N0} load issue(s) are kept in the cache's account; a run from it reports them."));
            }
            return ExitCodes.Success;
        }
        catch (DataLoadException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot write {o.Out}: {e.Message}");
        }
        catch (NotInThisBuildException e)
        {
            return Fail(e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("bt data import: cancelled.");
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>Null when the cache at --out holds this selection of this source as it is now; else why not.</summary>
    private static string? UpToDate(ImportOptions o, LoadRequest request, IFingerprintedSource source, CancellationToken ct)
    {
        BarCache cache;
        try
        {
            cache = BarCache.Open(o.Out);
        }
        catch (DataLoadException e)
        {
            return e.Message;
        }

        using (cache)
        {
            var src = cache.Meta.Source;
            var bounds = TimeWindow.Bounds(request);
            bool same = src.Kind == source.Kind && src.Location == source.Location
                && (src.Tickers ?? []).SequenceEqual(request.Tickers ?? [], StringComparer.Ordinal) && (src.Tickers == null) == (request.Tickers == null)
                && src.Limit == request.Limit
                && (src.StartMs ?? long.MinValue) == bounds.StartMs && (src.EndMs ?? long.MaxValue) == bounds.EndMs
                && src.OnInvalid == (request.OnInvalid == InvalidRowPolicy.Fail ? "fail" : "skip");
            if (!same) return $"it holds another selection ({src.Kind} {src.Location})";
            var check = BarCacheStaleness.Check(cache.Meta, source, ct);
            return check.State == CacheState.Fresh ? null : check.Reason;
        }
    }

    private DateTimeOffset? Bound(string? text, bool isEnd, List<string> errors)
    {
        if (text is null) return null;
        try
        {
            return services.Data.ParseBound(text, isEnd);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            errors.Add($"--{(isEnd ? "end" : "start")} '{text}' is neither a date (2024-03-01) nor an ISO 8601 instant: {ex.Message}");
            return null;
        }
    }

    private int Fail(string reason)
    {
        string line = string.Join("; ", reason.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        stderr.WriteLine($"bt data import: {line}");
        return ExitCodes.Failure;
    }
}
