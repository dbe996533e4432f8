using System.Diagnostics;
using Backtest.Data;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>Reports load speed on the blaizard 1-minute folder (53 MB); informative only, no timed assertion.</summary>
public class LoadSpeedReport
{
    [Fact]
    public void Blaizard_folder_load_speed_is_reported()
    {
        var path = SharedData.Data("intraday", "blaizard_sp500_1m_2024");
        long bytes = new DirectoryInfo(path).EnumerateFiles("*.csv").Sum(f => f.Length);

        var watch = Stopwatch.StartNew();
        var result = BarLoader.Load(new LoadRequest { Path = path }, TestContext.Current.CancellationToken);
        watch.Stop();

        Assert.Equal(17, result.Series.Count);
        Assert.Equal(599_224, result.Series.Sum(s => s.Count));   // SOURCES.md: 599,224 rows in all
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{bytes / 1e6:F1} MB, {result.Series.Sum(s => s.Count):N0} bars in {watch.ElapsedMilliseconds} ms: " +
            $"{bytes / 1e6 / watch.Elapsed.TotalSeconds:F0} MB/s on {Environment.ProcessorCount} core(s)");
    }
}
