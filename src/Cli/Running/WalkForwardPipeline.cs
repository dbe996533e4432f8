using System.Globalization;
using Backtest.Results;
using Backtest.WalkForward;

namespace Backtest.Cli.Running;

/// <summary>
/// `bt walkforward` from options to files and report: check every option (exit 2 before any data is read),
/// load the bars as `bt run` does, run the folds (<see cref="WalkForwardService"/>), write walkforward.csv,
/// walkforward_equity.csv and walkforward.json, print the fold table and the stitched result.
/// </summary>
public sealed class WalkForwardPipeline(CliServices services, TextWriter stdout, TextWriter stderr)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly CommandMessages _messages = new("walkforward", stderr);

    public int Execute(WalkForwardOptions options, CancellationToken cancellationToken = default)
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

    private int ExecuteChecked(WalkForwardOptions options, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var run = options.Run;
        if (options.TrainDays is not { } train) errors.Add("--train DAYS is required: the days of each train window.");
        else if (train < 1) errors.Add($"--train must be at least 1 day (got {train}).");
        if (options.TestDays is not { } test) errors.Add("--test DAYS is required: the days of each test window.");
        else if (test < 1) errors.Add($"--test must be at least 1 day (got {test}).");
        if (options.StepDays is < 1) errors.Add($"--step must be at least 1 day (got {options.StepDays}).");
        var grid = GridOptionsCheck.Check(run, options.Grid, errors, out _);
        if (grid is null || errors.Count > 0) return _messages.Usage(errors);

        var data = new GridDataStage(services, stdout, stderr);
        var request = data.Request(run, grid.OnInvalid, errors);
        if (errors.Count > 0) return _messages.Usage(errors);
        if (services.Engines.GridEngine is not { } engine) return _messages.Fail("no engine of this build optimizes grids");
        var load = data.Load(run, request, out string? loadFailure, cancellationToken);
        if (load is null) return _messages.Fail(loadFailure!);

        if (!run.Quiet)
            stderr.WriteLine($"Walking forward over {load.Series.Count.ToString("N0", Inv)} series: {grid.Grid.Count.ToString("N0", Inv)} combinations per fold on the {engine.Name} engine ({ResultText.Name(grid.Precision)}) ...");
        var outcome = WalkForwardService.Run(new WalkForwardRequest
        {
            Series = load.Series,
            Grid = grid.Grid,
            Engine = engine,
            Metric = grid.Metric,
            BestPerSymbol = grid.BestPerSymbol,
            Precision = grid.Precision,
            TrainDays = options.TrainDays!.Value,
            TestDays = options.TestDays!.Value,
            StepDays = options.StepDays,
            Anchored = options.Anchored,
        }, cancellationToken);
        if (outcome.Report is not { } report) return _messages.Fail(outcome.FailureReason!);

        var account = DataAccount.From(load);
        IReadOnlyList<string> written;
        try
        {
            written = WalkForwardFiles.Write(run.Out, report, account);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return _messages.Fail($"cannot write the results to {run.Out}: {e.Message}");
        }

        if (!run.Quiet)
        {
            WalkForwardConsoleWriter.Write(stdout, report, account);
            stdout.WriteLine($"Wrote {string.Join(", ", written.Select(Path.GetFileName))} to {Path.GetDirectoryName(written[^1])}");
        }
        return ExitCodes.Success;
    }
}
