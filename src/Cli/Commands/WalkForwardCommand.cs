using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Backtest.Optimization;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>`bt walkforward`: `bt optimize`'s options plus the windows, handed as typed to <see cref="WalkForwardPipeline"/>.</summary>
public sealed class WalkForwardCommand(CliServices services, CommandState state, StopSignals signals)
{
    public const string Description =
        "Walk-forward analysis: over the data's span in UTC days, optimize the grid on each train window, run the chosen " +
        "combination on the test window that follows (indicators warmed up on earlier bars only), stitch the out-of-sample " +
        "equity, and write walkforward.json, walkforward.csv and walkforward_equity.csv to --out.";

    [Command("walkforward", Description = Description)]
    public int WalkForward(
        BacktestOptionSet common,
        [Option("train", Description = "Days of each train window (UTC days from 00:00Z of the first bar's day).", ValueName = "DAYS")] int? train = null,
        [Option("test", Description = "Days of each test window, which starts where its train window ends.", ValueName = "DAYS")] int? test = null,
        [Option("step", Description = "Days from one fold to the next. Default: the test length (test windows tile).", ValueName = "DAYS")] int? step = null,
        [Option("anchored", Description = "Every train window starts at the first day (growing), instead of rolling.")] bool anchored = false,
        [Option("grid", Description = OptimizeCommand.GridDescription, ValueName = "NAME=VALUES")] string[]? grid = null,
        [Option("metric", Description = OptimizeCommand.MetricDescription, ValueName = "NAME")] string metric = OptimizationMetric.DefaultName,
        [Option("select", Description = "universe: one combination per fold for all symbols; symbol: each symbol's own best per fold.", ValueName = "universe|symbol")] string select = "universe",
        [Option("max-combinations", Description = "Refuse a grid of more combinations than this (valid or not).", ValueName = "N")] int maxCombinations = ParameterGrid.DefaultMaxCombinations,
        [Option("out", Description = "Directory for the result files; created if missing, the set replaced as a whole.", ValueName = "DIR")] string @out = OutputFolders.WalkForward)
    {
        ArgumentNullException.ThrowIfNull(common);
        state.Started = true;
        var options = new WalkForwardOptions
        {
            Run = common.ToRunOptions(@out),
            Grid = new GridOptions { Grid = grid ?? [], Metric = metric, Select = select, MaxCombinations = maxCombinations },
            TrainDays = train,
            TestDays = test,
            StepDays = step,
            Anchored = anchored,
        };
        var token = signals.Token;
        return new WalkForwardPipeline(services, TerminalSafeWriter.Out, TerminalSafeWriter.Error).Execute(options, token);
    }
}
