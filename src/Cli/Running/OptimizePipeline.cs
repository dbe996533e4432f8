using System.Globalization;
using Backtest.Cli.Reports;
using Backtest.Optimization;
using Backtest.Results;

namespace Backtest.Cli.Running;

/// <summary>
/// `bt optimize` from options to files and report: check every option (exit 2 before any data is read),
/// load the bars as `bt run` does, evaluate the grid on the SIMD engine (<see cref="OptimizationService"/>),
/// write optimize.csv (optimize_symbols.csv), the heatmap PNG and optimize.json, print the top 10.
/// </summary>
public sealed class OptimizePipeline(CliServices services, TextWriter stdout, TextWriter stderr)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly CommandMessages _messages = new("optimize", stderr);

    public int Execute(OptimizeOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return ExecuteChecked(options, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return _messages.Cancelled();
        }
    }

    private int ExecuteChecked(OptimizeOptions options, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var run = options.Run;
        var grid = GridOptionsCheck.Check(run, options.Grid, errors, out var parameters);
        (string X, string Y)? heatmap = parameters is null ? null : CheckHeatmap(options.Heatmap, parameters, options.Grid.Grid, errors);
        if (grid is null || errors.Count > 0) return _messages.Usage(errors);

        var data = new GridDataStage(services, stdout, stderr);
        var request = data.Request(run, grid.OnInvalid, errors);
        if (errors.Count > 0) return _messages.Usage(errors);
        if (services.Engines.GridEngine is not { } engine) return _messages.Fail("no engine of this build optimizes grids");
        var load = data.Load(run, request, out string? loadFailure, cancellationToken);
        if (load is null) return _messages.Fail(loadFailure!);

        if (!run.Quiet)
            stderr.WriteLine($"Optimizing {grid.Grid.Count.ToString("N0", Inv)} combinations x {load.Series.Count.ToString("N0", Inv)} series on the {engine.Name} engine ({ResultText.Name(grid.Precision)}) ...");
        var outcome = OptimizationService.Run(new OptimizationRequest
        {
            Series = load.Series,
            Grid = grid.Grid,
            Engine = engine,
            Metric = grid.Metric,
            BestPerSymbol = grid.BestPerSymbol,
            Precision = grid.Precision,
        }, cancellationToken);
        if (outcome.Report is not { } report) return _messages.Fail(outcome.FailureReason!);

        var account = DataAccount.From(load);
        var written = new List<string>();
        try
        {
            var extra = new List<(string, byte[])>();
            if (heatmap is { } axes)
            {
                var map = MetricHeatmap.From(report, axes.X, axes.Y);
                extra.Add((HeatmapPngWriter.FileName(map),
                    HeatmapPngWriter.Render(map, $"bt optimize: mean {report.Metric.Name} ({report.Metric.Direction} is better), best over other axes")));
            }
            written.AddRange(OptimizeFiles.Write(run.Out, report, account, extra));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return _messages.Fail($"cannot write the results to {run.Out}: {e.Message}");
        }

        if (!run.Quiet)
        {
            OptimizeConsoleWriter.Write(stdout, report, account);
            stdout.WriteLine($"Wrote {string.Join(", ", written.Select(Path.GetFileName))} to {Path.GetDirectoryName(written[^1])}");
        }
        return ExitCodes.Success;
    }

    private static (string, string)? CheckHeatmap(string? text, IReadOnlyList<GridParameter> parameters, IReadOnlyList<string> gridSpecs, List<string> errors)
    {
        if (text is null) return null;
        var names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != 2 || names[0].Length == 0 || names[1].Length == 0)
        {
            errors.Add($"--heatmap takes two grid parameters separated by a comma, e.g. sma-fast,sma-slow (got '{text}').");
            return null;
        }
        var axes = names.Select(n => GridParameters.Find(parameters, n)).ToArray();
        // The parameters the --grid options name, whether or not their values were readable.
        var gridded = gridSpecs.Select(g => GridParameters.Find(parameters, g.Split('=')[0].Trim())).OfType<GridParameter>().ToArray();
        bool ok = true;
        for (int i = 0; i < 2; i++)
        {
            if (axes[i] is null)
            {
                errors.Add($"--heatmap: {names[i]} is not a parameter of the strategy nor a numeric execution setting.");
                ok = false;
            }
            else if (!gridded.Contains(axes[i]))
            {
                errors.Add($"--heatmap: {axes[i]!.Name} is not varied by a --grid.");
                ok = false;
            }
        }
        if (ok && axes[0] == axes[1])
        {
            errors.Add("--heatmap needs two different parameters.");
            ok = false;
        }
        return ok ? (names[0], names[1]) : null;
    }
}
