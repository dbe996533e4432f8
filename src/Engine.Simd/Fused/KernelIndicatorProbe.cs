using System.Numerics;
using System.Runtime.Intrinsics;
using Backtest.Lanes;
using Backtest.Simulation;
using Backtest.Panel;
using Backtest.Strategy;

namespace Backtest.Fused;

/// <summary>
/// The indicators as the fused kernel computes them, bar by bar, per lane: what the SIMD engine scores
/// with, in its precision, for checking f32 and f64 accuracy against the reference (spec §6). Values
/// before bar W (the first scored bar) and after a lane's last bar are NaN.
/// </summary>
public sealed record KernelIndicators(
    double[][] SmaFast, double[][] SmaSlow, double[][] BandLower, double[][] BandUpper, double[][] Rsi, double[][] Macd, double[][] Signal)
{
    /// <summary>Runs the kernel over every lane of <paramref name="panel"/>, on one thread, recording its indicators.</summary>
    public static unsafe KernelIndicators Probe<T>(BarPanel<T> panel, StrategyParameters parameters, VectorWidth width)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(parameters);
        var settings = new KernelSettings { Parameters = parameters, Precision = panel.Precision };
        int bars = panel.Bars + 1;
        // NaN where the kernel records nothing: lanes too short to reach a scored bar.
        var fields = new T[8][];
        for (int f = 0; f < fields.Length; f++) Array.Fill(fields[f] = new T[(long)bars * panel.Stride], T.NaN);
        Span<PositionAccount> accounts = new PositionAccount[Vector512<byte>.Count];
        Span<LaneTotals> totals = new LaneTotals[Vector512<byte>.Count];
        fixed (T* smaFast = fields[0], smaSlow = fields[1], lower = fields[2], upper = fields[3], gain = fields[4], loss = fields[5], macd = fields[6])
        fixed (T* signal = fields[7])
        {
            var outputs = new[] { (nint)smaFast, (nint)smaSlow, (nint)lower, (nint)upper, (nint)gain, (nint)loss, (nint)macd, (nint)signal };
            foreach (var chunk in Chunk.Plan(panel.Symbols, width, sizeof(T)))
            {
                var input = ChunkInput<T>.For(panel, chunk, settings, accounts);
                switch (chunk.Width)
                {
                    case VectorWidth.Bits512:
                        Record<Lanes512<T>, Vector512<T>, T>(input, settings, accounts, totals, outputs, chunk.FirstLane, panel.Stride);
                        break;
                    case VectorWidth.Bits256:
                        Record<Lanes256<T>, Vector256<T>, T>(input, settings, accounts, totals, outputs, chunk.FirstLane, panel.Stride);
                        break;
                    case VectorWidth.Bits128:
                        Record<Lanes128<T>, Vector128<T>, T>(input, settings, accounts, totals, outputs, chunk.FirstLane, panel.Stride);
                        break;
                    default:
                        Record<ScalarLane<T>, T, T>(input, settings, accounts, totals, outputs, chunk.FirstLane, panel.Stride);
                        break;
                }
            }

        }

        int w = parameters.WarmupBars;
        // Price-unit values are stored in the lane's scale; RSI is a ratio, free of it.
        var scales = panel.PriceScales.ToArray();
        double[][] Lanes(Func<long, double> value, bool priceUnits = true)
        {
            var result = new double[panel.Symbols][];
            for (int s = 0; s < panel.Symbols; s++)
            {
                var lane = new double[panel.Lengths[s]];
                double scale = priceUnits ? scales[s] : 1;
                for (int k = 0; k < lane.Length; k++) lane[k] = k < w ? double.NaN : value((long)k * panel.Stride + s) / scale;
                result[panel.SourceIndex[s]] = lane;
            }
            return result;
        }
        Func<long, double> Field(int f) => at => double.CreateTruncating(fields[f][at]);
        double RsiAt(long at)
        {
            double g = double.CreateTruncating(fields[4][at]), l = double.CreateTruncating(fields[5][at]);
            return g + l == 0 ? 50 : 100 * g / (g + l);
        }
        return new KernelIndicators(
            Lanes(Field(0)), Lanes(Field(1)), Lanes(Field(2)), Lanes(Field(3)), Lanes(RsiAt, priceUnits: false), Lanes(Field(6)), Lanes(Field(7)));
    }

    private static unsafe void Record<TL, TV, T>(
        in ChunkInput<T> input, in KernelSettings settings, Span<PositionAccount> accounts, Span<LaneTotals> totals, nint[] outputs, int firstLane, int stride)
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var probe = new RecordingProbe<TL, TV, T>(outputs, firstLane, stride);
        FusedKernel<TL, TV, T>.Run(input, settings, accounts, totals, ref probe);
    }

    /// <summary>Stores each recorded vector at its bar's row of the matching output.</summary>
    private readonly unsafe struct RecordingProbe<TL, TV, T>(nint[] outputs, int firstLane, int stride) : IIndicatorProbe<TV>
        where TL : struct, ISimdLanes<TV, T>
        where TV : struct
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        public void Record(int k, TV close, TV smaFast, TV smaSlow, TV bandMiddle, TV bandHalfWidth, TV avgGain, TV avgLoss, TV macd, TV signal)
        {
            long at = (long)k * stride + firstLane;
            TL.Store(smaFast, ref ((T*)outputs[0])[at]);
            TL.Store(smaSlow, ref ((T*)outputs[1])[at]);
            TL.Store(TL.Subtract(bandMiddle, bandHalfWidth), ref ((T*)outputs[2])[at]);
            TL.Store(TL.Add(bandMiddle, bandHalfWidth), ref ((T*)outputs[3])[at]);
            TL.Store(avgGain, ref ((T*)outputs[4])[at]);
            TL.Store(avgLoss, ref ((T*)outputs[5])[at]);
            TL.Store(macd, ref ((T*)outputs[6])[at]);
            TL.Store(signal, ref ((T*)outputs[7])[at]);
        }
    }
}
