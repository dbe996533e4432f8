using System.Numerics;
using Backtest.Indicators;
using Backtest.Panel;
using Backtest.Tests.Contract;
using CommunityToolkit.HighPerformance;
using Xunit;

namespace Backtest.Tests.Indicators;

/// <summary>
/// The per-indicator panel kernels against the reference indicators, lane by lane, on the contract's
/// random ragged universe: f64 within 1e-12 of the price, f32 within spec §6 (1e-4 of the price, RSI 1e-3).
/// </summary>
public class PanelIndicatorTests
{
    private static double Check<T>(BarPanel<T> panel, Span2D<T> actual, Func<double[], double[]> reference, bool priceUnits)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var series = ContractUniverse.All.Take(panel.Symbols).ToList();
        double worst = 0;
        for (int lane = 0; lane < panel.Symbols; lane++)
        {
            var s = series[panel.SourceIndex[lane]];
            var expected = reference(s.Close);
            double scale = panel.PriceScales[lane];
            for (int k = 0; k < s.Count; k++)
            {
                double a = double.CreateTruncating(actual[k, lane]) / (priceUnits ? scale : 1);
                if (double.IsNaN(expected[k]))
                {
                    Assert.True(double.IsNaN(a), $"lane {s.Symbol} bar {k}: NaN expected, got {a}");
                    continue;
                }
                worst = Math.Max(worst, Math.Abs(a - expected[k]) / (priceUnits ? s.Close[k] : 1));
            }
        }
        return worst;
    }

    private static void All<T>(double priceTolerance, double rsiTolerance)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var series = ContractUniverse.All.Take(301).ToList();
        using var panel = BarPanel<T>.FromSeries(series);
        Span2D<T> Matrix() => new(new T[(long)panel.Bars * panel.Symbols], panel.Bars, panel.Symbols);

        var sma = Matrix();
        PanelIndicators.Sma(panel, 20, sma);
        Assert.True(Check(panel, sma, c => Sma.Compute(c, 20), true) <= priceTolerance, "SMA(20)");

        var ema = Matrix();
        PanelIndicators.Ema(panel, 12, ema);
        Assert.True(Check(panel, ema, c => Ema.Compute(c, 12), true) <= priceTolerance, "EMA(12)");

        var rsi = Matrix();
        PanelIndicators.Rsi(panel, 14, rsi);
        Assert.True(Check(panel, rsi, c => Rsi.Compute(c, 14), false) <= rsiTolerance, "RSI(14)");

        Span2D<T> lower = Matrix(), upper = Matrix();
        PanelIndicators.Bollinger(panel, 20, 2, lower, upper);
        double bbLower = Check(panel, lower, c => Bollinger.Compute(c, 20, 2).Lower, true);
        Assert.True(bbLower <= priceTolerance, $"BB lower off by {bbLower:E2} of the price");
        Assert.True(Check(panel, upper, c => Bollinger.Compute(c, 20, 2).Upper, true) <= priceTolerance, "BB upper");

        Span2D<T> macd = Matrix(), signal = Matrix();
        PanelIndicators.Macd(panel, 12, 26, 9, macd, signal);
        Assert.True(Check(panel, macd, c => Macd.Compute(c, 12, 26, 9).Macd, true) <= priceTolerance, "MACD");
        Assert.True(Check(panel, signal, c => Macd.Compute(c, 12, 26, 9).Signal, true) <= priceTolerance, "MACD signal");
    }

    [Fact]
    public void F64_panel_indicators_match_the_reference() => All<double>(1e-12, 1e-9);

    [Fact]
    public void F32_panel_indicators_meet_spec_6() => All<float>(1e-4, 1e-3);

    [Fact]
    public void A_wrong_output_size_is_refused()
    {
        using var panel = BarPanel<double>.FromSeries(ContractUniverse.All.Take(3).ToList());
        var data = new double[4];
        Assert.Throws<ArgumentException>(() => PanelIndicators.Sma(panel, 20, new Span2D<double>(data, 2, 2)));
    }
}
