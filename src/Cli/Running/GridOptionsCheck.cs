using System.Globalization;
using Backtest.Engines;
using Backtest.Optimization;
using Backtest.Strategies.Language;
using Backtest.Strategies.Library;
using Backtest.Strategy;

namespace Backtest.Cli.Running;

/// <summary>
/// Checks the options of a grid command, every problem at once: the strategy and its --param values, each
/// --grid (a parameter of the strategy or an execution setting), --metric, --select, the size of the grid, and
/// `bt run`'s own checks of the data options and the fixed execution settings (<see cref="RunPipeline.Check"/>). Nothing is read from disk but a --tickers file, later, as `bt run` does.
/// </summary>
internal static class GridOptionsCheck
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <param name="parameters">The parameters a grid of the strategy can vary; null when the strategy did not compile.</param>
    public static CheckedGrid? Check(RunOptions run, GridOptions g, List<string> errors, out IReadOnlyList<GridParameter>? parameters)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(g);
        if (g.MaxCombinations < 1) errors.Add($"--max-combinations must be at least 1 (got {g.MaxCombinations}).");
        long cap = Math.Max(1, g.MaxCombinations);

        // The strategy and its --param values: their ranges are checked here, its requirements per combination (a grid
        // may vary the other side of one: --param sma_fast=60 --grid sma-slow=70,80).
        StrategyDefinition? strategy = null;
        IReadOnlyDictionary<string, double>? overrides = null;
        var strategyErrors = new List<StrategyError>();
        try
        {
            strategy = StrategyLibrary.Load(run.Strategy);
            overrides = ParameterOverrides.Parse(run.StrategyParams, strategy, strategyErrors);
        }
        catch (StrategyException e)
        {
            strategyErrors.AddRange(e.Errors);
        }
        errors.AddRange(strategyErrors.Select(e => e.ToString()));
        var basePoint = strategy is null || overrides is null ? null : new GridPoint(
            strategy,
            strategy.Parameters.ToDictionary(p => p.Name, p => overrides.TryGetValue(p.Name, out double v) ? v : p.Default, StringComparer.Ordinal),
            run.Parameters);

        parameters = strategy is null ? null : GridParameters.For(strategy);
        // Without the strategy its parameters are unknown: its errors stand alone, not beside one per --grid of them.
        var axes = parameters is null ? [] : Axes(run, g.Grid, parameters, basePoint, overrides, cap, errors);

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

        if (basePoint is null)
        {
            RunPipeline.Check(run, errors);
            return null;
        }

        // bt run's checks on the fixed options, with the grid's execution settings taken from its first valid
        // combination: a fixed value the grid replaces is not the options' problem.
        var provisional = new ParameterGrid(basePoint, axes);
        var first = provisional.FirstValid();
        var checkedRun = RunPipeline.Check(run with { Parameters = (first?.Point ?? provisional.At(0)).Execution }, errors);
        if (first is null && axes.Count > 0)
            errors.Add($"every one of the {provisional.Count.ToString("N0", Inv)} combinations of the grid breaks a rule; the first: {string.Join(" ", provisional.Problems(0))}");
        else if (first is null)
            errors.AddRange(provisional.Problems(0).Where(p => !errors.Contains(p)));
        else if (SimdEngine.Problem(first.Value.Point.Instantiate().Graph) is { } cannot)
        {
            errors.Add($"--strategy {run.Strategy}: grids run on the SIMD engine, which cannot run {strategy!.Name}: {cannot}.");
        }

        if (checkedRun is null || metric is null || perSymbol is null || errors.Count > 0) return null;
        var (fixedParameters, precision, onInvalid) = checkedRun.Value;
        // The fixed execution settings with --fill and --periods-per-year applied; the axes set the rest.
        var fixedPoint = basePoint with { Execution = run.Parameters with { Fill = fixedParameters.Fill, PeriodsPerYear = fixedParameters.PeriodsPerYear } };
        var grid = new ParameterGrid(fixedPoint, axes, p => GraphGridEvaluator.Problems(p, precision));
        if (grid.FirstValid() is null)
        {
            errors.Add($"every combination of the grid is invalid with --precision {Results.ResultText.Name(precision)}: {string.Join(" ", grid.Problems(0))}");
            return null;
        }
        return new CheckedGrid(grid, metric, perSymbol.Value, precision, onInvalid);
    }

    // Each --grid's axis, every problem at once: the name, the values, a parameter gridded twice or also fixed.
    private static List<GridAxis> Axes(
        RunOptions run, IReadOnlyList<string> specs, IReadOnlyList<GridParameter> parameters, GridPoint? basePoint,
        IReadOnlyDictionary<string, double>? overrides, long cap, List<string> errors)
    {
        var axes = new List<GridAxis>();
        foreach (string spec in specs)
        {
            var axis = GridSpecParser.Parse(spec, parameters, cap, out string? error);
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
            if (basePoint is not null && overrides is not null && FixedAsWell(run, basePoint, overrides, axis.Parameter))
                errors.Add($"--{axis.Name} and --grid {axis.Name} are both given; a parameter of the grid takes its values from --grid.");
            axes.Add(axis);
        }
        return axes;
    }

    // A value fixed on the command line (a --param, or an execution option that differs from its default) for a
    // parameter the grid varies: it would be ignored.
    private static bool FixedAsWell(RunOptions run, GridPoint basePoint, IReadOnlyDictionary<string, double> overrides, GridParameter parameter)
    {
        if (parameter.IsStrategyParameter) return overrides.ContainsKey(parameter.JsonName);
        if (parameter.JsonName == "periods_per_year")
            return !string.Equals(run.PeriodsPerYear, "auto", StringComparison.OrdinalIgnoreCase);
        return parameter.Get(basePoint) != parameter.Get(basePoint with { Execution = StrategyParameters.Default });
    }
}
