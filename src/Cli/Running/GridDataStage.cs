using System.Diagnostics;
using System.Globalization;
using Backtest.Data;
using Backtest.Data.Gaps;

namespace Backtest.Cli.Running;

/// <summary>
/// The data stage of the grid commands, `bt run`'s own: its load request (bounds, tickers), its loader or
/// the synthetic universe, its gap check, its progress lines. Usage problems go to the error list (exit 2 before any data
/// is read); a load that fails gives a one-line reason (exit 1).
/// </summary>
internal sealed class GridDataStage(CliServices services, TextWriter stdout, TextWriter stderr)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private readonly RunPipeline _run = new(services, stdout, stderr);

    /// <summary>The load request for --data (null for the synthetic universe), or its problems in <paramref name="errors"/>.</summary>
    public LoadRequest? Request(RunOptions options, InvalidRowPolicy onInvalid, List<string> errors) =>
        _run.BuildLoadRequest(options, onInvalid, errors);

    /// <summary>
    /// The bars, or null with <paramref name="failure"/> saying why. A grid runs every combination on the same
    /// bars, so they are read whole, in one batch, from whatever holds them (files, a bar cache, PostgreSQL).
    /// </summary>
    public LoadResult? Load(RunOptions options, LoadRequest? request, out string? failure, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var load = request is null ? _run.Synthesize(options, cancellationToken) : LoadWhole(options, request, cancellationToken);
            // Split (or only report) at gaps here, so every fold and combination sees the same segments.
            load = GapSplitter.Apply(load, GapOptions.Policy(options));
            if (!options.Quiet)
                stderr.WriteLine($"Loaded {load.Series.Count.ToString("N0", Inv)} series in {clock.Elapsed.TotalSeconds.ToString("F2", Inv)} s.");
            failure = null;
            return load;
        }
        catch (DataLoadException e)
        {
            failure = e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = $"cannot read {options.Data}: {e.Message}";
        }
        return null;
    }

    private LoadResult LoadWhole(RunOptions options, LoadRequest request, CancellationToken cancellationToken)
    {
        using var source = services.Data.OpenSource(options.Data, options.Db, options.DbTimeout, w => stderr.WriteLine($"warning: {w}"), cancellationToken);
        if (source is null) return _run.LoadFiles(request, options.Quiet, cancellationToken);
        var plan = source.Plan(request, cancellationToken);
        var load = source.LoadBatch(plan, 0, plan.Symbols.Count, plan.Window, cancellationToken);
        if (plan.Skipped.Count == 0) return load;
        return load with { Skipped = [.. plan.Skipped, .. load.Skipped] };
    }
}
