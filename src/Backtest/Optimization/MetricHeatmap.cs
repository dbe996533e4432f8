namespace Backtest.Optimization;

/// <summary>
/// The ranking value (the mean of the metric over symbols) over two grid axes: cell [i, j] is the best
/// mean, in the metric's direction, among the evaluated combinations whose first axis has its i-th value
/// and second axis its j-th, whatever the other axes hold; NaN where no such combination was evaluated
/// (all invalid) or no mean is defined.
/// </summary>
public sealed record MetricHeatmap(GridAxis X, GridAxis Y, double[,] Values, string Metric)
{
    public static MetricHeatmap From(OptimizationReport report, string xAxis, string yAxis)
    {
        ArgumentNullException.ThrowIfNull(report);
        var grid = report.Grid;
        int x = IndexOf(grid, xAxis), y = IndexOf(grid, yAxis);
        if (x == y) throw new ArgumentException("A heatmap needs two different axes.", nameof(yAxis));
        var values = new double[grid.Axes[x].Values.Count, grid.Axes[y].Values.Count];
        var best = new double?[values.GetLength(0), values.GetLength(1)];
        foreach (var c in report.Ranked)
        {
            var at = grid.Coordinates(c.Index);
            ref var cell = ref best[at[x], at[y]];
            if (report.Metric.IsBetter(c.Mean, cell)) cell = c.Mean;
        }
        for (int i = 0; i < values.GetLength(0); i++)
            for (int j = 0; j < values.GetLength(1); j++)
                values[i, j] = best[i, j] ?? double.NaN;
        return new MetricHeatmap(grid.Axes[x], grid.Axes[y], values, report.Metric.Name);
    }

    private static int IndexOf(ParameterGrid grid, string name)
    {
        for (int a = 0; a < grid.Axes.Count; a++)
            if (grid.Axes[a].Parameter.IsNamed(name)) return a;
        throw new ArgumentException($"{name} is not an axis of the grid.", nameof(name));
    }
}
