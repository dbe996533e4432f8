using System.Globalization;
using Backtest.Optimization;
using Backtest.Strategy;

namespace Backtest.Cli.Running;

/// <summary>
/// Checks the options of a grid command, every problem at once: `bt run`'s own checks of the data options
/// and the fixed parameters (<see cref="RunPipeline.Check"/>), then each --grid, --metric, --select and the
/// size of the grid. Nothing is read from disk but a --tickers file, later, as `bt run` does.
/// </summary>
internal static class GridOptionsCheck
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static CheckedGrid? Check(RunOptions run, GridOptions g, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(g);
        if (g.MaxCombinations < 1) errors.Add($"--max-combinations must be at least 1 (got {g.MaxCombinations}).");
        long cap = Math.Max(1, g.MaxCombinations);

        var axes = new List<GridAxis>();
        foreach (string spec in g.Grid)
        {
            var axis = GridSpecParser.Parse(spec, cap, out string? error);
            if (axis is null)
            {
                errors.Add(error!);
                continue;
            }
            if (axes.Any(a => a.Parameter == axis.Parameter))
            {
                errors.Add($"--grid {axis.Name} is given twice; list all its values in one --grid.");
                continue;
            }
            if (FixedAsWell(run, axis.Parameter))
                errors.Add($"--{axis.Name} and --grid {axis.Name} are both given; a parameter of the grid takes its values from --grid.");
            axes.Add(axis);
        }

        var metric = OptimizationMetric.Find(g.Metric);
        if (metric is null)
            errors.Add($"--metric {g.Metric} is not a per-symbol metric; the metrics are {string.Join(", ", OptimizationMetric.All.Select(m => m.Name))}.");

        bool? perSymbol = g.Select.ToLowerInvariant() switch
        {
            "universe" => false,
            "symbol" => true,
            _ => null,
        };
        if (perSymbol is null) errors.Add($"--select must be universe or symbol (got '{g.Select}').");

        long size = 1;
        foreach (var a in axes) size = size > long.MaxValue / a.Values.Count ? long.MaxValue : size * a.Values.Count;
        if (size > cap)
        {
            errors.Add($"the grid has {size.ToString("N0", Inv)} combinations, more than --max-combinations {cap.ToString("N0", Inv)}; " +
                "narrow the grid or raise --max-combinations.");
            axes.Clear();
        }

        // bt run's checks on the fixed options, with the grid's parameters taken from its first valid
        // combination: a fixed value the grid replaces is not the options' problem.
        var provisional = new ParameterGrid(run.Parameters, axes);
        var first = provisional.FirstValid();
        bool noneValid = first is null;
        var checkedRun = RunPipeline.Check(run with { Parameters = noneValid ? provisional.At(0) : first!.Value.Parameters }, errors);
        if (noneValid && axes.Count > 0)
            errors.Add($"every one of the {provisional.Count.ToString("N0", Inv)} combinations of the grid breaks a rule of spec §3; the problems of the first are listed above.");

        // The grid is s3's (its axes are the record's S3 fields): another strategy is refused in one line, not run as s3.
        var strategyErrors = new List<Backtest.Strategies.Language.StrategyError>();
        if (StrategyChoice.Compile(run.Strategy, [], strategyErrors) is { } strategy && !Backtest.Strategy.S3Strategy.Is(strategy))
            errors.Add($"--strategy {run.Strategy}: grids run the built-in s3 only so far; run {strategy.Definition.Name} with bt run --param NAME=VALUE for each value.");
        errors.AddRange(strategyErrors.Select(e => e.ToString()));

        if (checkedRun is null || metric is null || perSymbol is null || errors.Count > 0) return null;
        var (parameters, precision, onInvalid) = checkedRun.Value;
        // The fixed parameters with --fill and --periods-per-year applied; the axes set the rest.
        var fixedParameters = run.Parameters with { Fill = parameters.Fill, PeriodsPerYear = parameters.PeriodsPerYear };
        var grid = new ParameterGrid(fixedParameters, axes, p => SimdGridEvaluator.Problems(p, precision));
        if (grid.FirstValid() is null)
        {
            errors.Add($"every combination of the grid is invalid with --precision {Results.ResultText.Name(precision)}: {string.Join(" ", grid.Problems(0))}");
            return null;
        }
        return new CheckedGrid(grid, metric, perSymbol.Value, precision, onInvalid);
    }

    // A plain option that differs from its default was given; with the same parameter in --grid it would be ignored.
    private static bool FixedAsWell(RunOptions run, GridParameter parameter)
    {
        if (parameter.JsonName == "periods_per_year")
            return !string.Equals(run.PeriodsPerYear, "auto", StringComparison.OrdinalIgnoreCase);
        return parameter.Get(run.Parameters) != parameter.Get(StrategyParameters.Default);
    }
}
