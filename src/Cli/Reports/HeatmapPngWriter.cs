using System.Globalization;
using Backtest.Optimization;
using Backtest.Results;
using ScottPlot;

namespace Backtest.Cli.Reports;

/// <summary>
/// `bt optimize --heatmap a,b`: a PNG of <see cref="MetricHeatmap"/> (ScottPlot), the first axis along x,
/// the second along y (its first value at the bottom), one cell per pair of values, a colour bar, and the
/// value written in each cell while the grid is small enough to read (at most 15 × 15). Cells without a
/// value (no valid combination) are left blank. OptimizeFiles writes it in the set of the optimization's files.
/// </summary>
public static class HeatmapPngWriter
{
    public const int Width = 900;
    public const int Height = 700;

    private const int LabelledCells = 15;

    /// <summary>heatmap_a_b.png, with the axes' snake_case names.</summary>
    public static string FileName(MetricHeatmap heatmap)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        return $"heatmap_{heatmap.X.Parameter.JsonName}_{heatmap.Y.Parameter.JsonName}.png";
    }

    public static byte[] Render(MetricHeatmap heatmap, string title)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        int nx = heatmap.X.Values.Count, ny = heatmap.Y.Values.Count;
        // ScottPlot takes intensities as [row, column] = [y, x].
        var intensities = new double[ny, nx];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < ny; j++)
                intensities[j, i] = heatmap.Values[i, j];

        using var plot = new Plot();
        var map = plot.Add.Heatmap(intensities);
        map.Colormap = new ScottPlot.Colormaps.Viridis();
        map.Extent = new CoordinateRect(-0.5, nx - 0.5, -0.5, ny - 0.5);
        map.FlipVertically = true;
        map.NaNCellColor = Colors.Transparent;
        plot.Add.ColorBar(map).Label = $"mean {heatmap.Metric}";

        plot.Axes.Bottom.TickGenerator = Ticks(heatmap.X);
        plot.Axes.Left.TickGenerator = Ticks(heatmap.Y);
        plot.XLabel(heatmap.X.Name);
        plot.YLabel(heatmap.Y.Name);
        plot.Title(title);
        plot.Axes.SetLimits(-0.5, nx - 0.5, -0.5, ny - 0.5);

        if (nx <= LabelledCells && ny <= LabelledCells)
        {
            for (int i = 0; i < nx; i++)
            {
                for (int j = 0; j < ny; j++)
                {
                    double v = heatmap.Values[i, j];
                    if (double.IsNaN(v)) continue;
                    var text = plot.Add.Text(v.ToString("G3", CultureInfo.InvariantCulture), i, j);
                    text.Alignment = Alignment.MiddleCenter;
                    text.LabelFontColor = Colors.White;
                    text.LabelFontSize = 11;
                }
            }
        }
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static ScottPlot.TickGenerators.NumericManual Ticks(GridAxis axis)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int i = 0; i < axis.Values.Count; i++) ticks.AddMajor(i, axis.Parameter.Format(axis.Values[i]));
        return ticks;
    }
}
