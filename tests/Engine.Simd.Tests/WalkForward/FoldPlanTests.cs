using Backtest.Data;
using Backtest.WalkForward;
using Xunit;

namespace Backtest.Tests.WalkForward;

public sealed class FoldPlanTests
{
    private static long At(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    private static string Day(long ms) => UnixTime.ToDateTimeOffset(ms).UtcDateTime.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string[] Windows(IReadOnlyList<Fold> folds) =>
        [.. folds.Select(f => $"{Day(f.TrainStart)}..{Day(f.TrainEnd)} | {Day(f.TestStart)}..{Day(f.TestEnd)}")];

    // Bars from 2024-01-01 14:30Z to 2024-01-10 20:00Z: the origin is 2024-01-01 00:00Z.
    private static readonly long First = At("2024-01-01T14:30:00Z");
    private static readonly long Last = At("2024-01-10T20:00:00Z");

    [Fact]
    public void Rolling_folds_test_consecutive_windows_each_after_its_own_train_days()
    {
        // Train 3 days, test 2: tests start on days 3, 5, 7, 9 (Jan 4, 6, 8, 10); Jan 12 is past the last bar.
        var folds = FoldPlan.Create(First, Last, trainDays: 3, testDays: 2, stepDays: 2, anchored: false);
        Assert.Equal(
            ["01-01..01-04 | 01-04..01-06", "01-03..01-06 | 01-06..01-08", "01-05..01-08 | 01-08..01-10", "01-07..01-10 | 01-10..01-12"],
            Windows(folds));
        Assert.Equal([1, 2, 3, 4], folds.Select(f => f.Number));
        Assert.All(folds, f => Assert.Equal(f.TrainEnd, f.TestStart));
    }

    [Fact]
    public void Anchored_folds_train_from_the_first_day_on_a_growing_window()
    {
        var folds = FoldPlan.Create(First, Last, trainDays: 3, testDays: 2, stepDays: 2, anchored: true);
        Assert.Equal(
            ["01-01..01-04 | 01-04..01-06", "01-01..01-06 | 01-06..01-08", "01-01..01-08 | 01-08..01-10", "01-01..01-10 | 01-10..01-12"],
            Windows(folds));
    }

    [Fact]
    public void A_step_shorter_than_the_test_overlaps_the_test_windows()
    {
        var folds = FoldPlan.Create(First, Last, trainDays: 3, testDays: 2, stepDays: 1, anchored: false);
        Assert.Equal(7, folds.Count);
        Assert.Equal("01-01..01-04 | 01-04..01-06", Windows(folds)[0]);
        Assert.Equal("01-02..01-05 | 01-05..01-07", Windows(folds)[1]);
        Assert.Equal("01-07..01-10 | 01-10..01-12", Windows(folds)[^1]);
    }

    [Fact]
    public void A_step_longer_than_the_test_leaves_days_untested()
    {
        var folds = FoldPlan.Create(First, Last, trainDays: 2, testDays: 1, stepDays: 3, anchored: false);
        Assert.Equal(["01-01..01-03 | 01-03..01-04", "01-04..01-06 | 01-06..01-07", "01-07..01-09 | 01-09..01-10"], Windows(folds));
    }

    [Fact]
    public void No_fold_fits_when_the_train_window_reaches_past_the_data() =>
        Assert.Empty(FoldPlan.Create(First, Last, trainDays: 10, testDays: 1, stepDays: 1, anchored: false));

    [Fact]
    public void A_window_holds_the_bars_from_its_start_up_to_but_not_at_its_end()
    {
        var series = Support.Bars.Flat(1, 2, 3, 4, 5); // daily from 2024-01-01
        var range = BarRange.Of(series, At("2024-01-02T00:00:00Z"), At("2024-01-04T00:00:00Z"));
        Assert.Equal(new BarRange(1, 3), range);
        Assert.Equal(0, BarRange.Of(series, At("2024-02-01T00:00:00Z"), At("2024-02-02T00:00:00Z")).Count);
    }
}
