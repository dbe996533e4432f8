using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Backtest.Optimization;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>`bt optimize`: `bt run`'s options (<see cref="BacktestOptionSet"/>) plus the grid, handed as typed to <see cref="OptimizePipeline"/>.</summary>
public sealed class OptimizeCommand(CliServices services, CommandState state, StopSignals signals)
{
    public const string Description =
        "Backtest every combination of a parameter grid of a strategy on every symbol (the SIMD engine; each one identical to bt run), " +
        "rank the combinations by a metric, and write optimize.json and optimize.csv to --out (and a heatmap PNG with --heatmap).";

    public const string GridDescription =
        "NAME=VALUES, repeatable: a parameter of the strategy (s3's sma-fast, sma_cross's slow; bt strategies check lists them) or a numeric " +
        "execution setting (capital, position-size, fee-fixed, fee-bps, slippage-bps, stop-loss-pct, take-profit-pct, max-hold-bars, periods-per-year), " +
        "and its values, as a list (sma-fast=10,20,30), an inclusive range start:stop:step (threshold=4:8:1, bb-k=1.5:2.5:0.25) or both " +
        "(sma-slow=40,50:90:20). The grid is the cartesian product; invalid combinations (a value outside its range, a failed require " +
        "such as sma_fast < sma_slow) are skipped and counted.";

    public const string MetricDescription =
        "The per-symbol metric to rank by: final_value, total_return(_pct), trades, winning_trades, losing_trades, win_rate, avg_trade_return_pct, " +
        "best_trade_pct, worst_trade_pct, profit_factor, sharpe_ratio, sortino_ratio, max_drawdown(_pct), exposure_pct. Higher is better but for " +
        "drawdowns and losing_trades.";

    public const string SelectDescription =
        "universe: the best combination for all symbols together (by the mean of the metric over symbols; median and share profitable beside it); " +
        "symbol: also the best combination of each symbol.";

    [Command("optimize", Description = Description)]
    public int Optimize(
        BacktestOptionSet common,
        [Option("grid", Description = GridDescription, ValueName = "NAME=VALUES")] string[]? grid = null,
        [Option("metric", Description = MetricDescription, ValueName = "NAME")] string metric = OptimizationMetric.DefaultName,
        [Option("select", Description = SelectDescription, ValueName = "universe|symbol")] string select = "universe",
        [Option("max-combinations", Description = "Refuse a grid of more combinations than this (valid or not).", ValueName = "N")] int maxCombinations = ParameterGrid.DefaultMaxCombinations,
        [Option("heatmap", Description = "Also write heatmap_A_B.png: the mean metric over two grid parameters (the best over the other axes).", ValueName = "A,B")] string? heatmap = null,
        [Option("out", Description = "Directory for the result files; created if missing, the set replaced as a whole.", ValueName = "DIR")] string @out = OutputFolders.Optimize)
    {
        ArgumentNullException.ThrowIfNull(common);
        state.Started = true;
        var options = new OptimizeOptions
        {
            Run = common.ToRunOptions(@out),
            Grid = new GridOptions { Grid = grid ?? [], Metric = metric, Select = select, MaxCombinations = maxCombinations },
            Heatmap = heatmap,
        };
        var token = signals.Token;
        return new OptimizePipeline(services, TerminalSafeWriter.Out, TerminalSafeWriter.Error).Execute(options, token);
    }
}
