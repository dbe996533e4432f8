using System.Numerics;
using System.Numerics.Tensors;
using Backtest.Panel;
using CommunityToolkit.HighPerformance;
using CommunityToolkit.HighPerformance.Buffers;

namespace Backtest.Indicators;

/// <summary>
/// Each indicator of spec §2 on its own, for every lane of a panel at once, as full [bar, lane] matrices:
/// one row (all symbols at one bar) at a time with TensorPrimitives, the way array libraries compute
/// indicators "across symbols". The fused kernel does not use these (it never stores an indicator); they
/// are the per-indicator kernels of the benchmarks, a check of the spec's definitions over a panel, and a
/// way to export indicator values. Values are in the panel's units (price × the lane's price scale) and
/// NaN before each indicator's first defined bar; rows past a lane's last bar are not meaningful.
/// </summary>
/// <remarks>
/// Window sums roll from row to row and are recomputed directly every <see cref="RecomputeRows"/> rows
/// so that rounding cannot accumulate. Bollinger's variance is taken of deviations from an anchor row
/// chosen at each recomputation (E[(x−a)²] − E[x−a]²), which keeps f32 meaningful.
/// </remarks>
public static class PanelIndicators
{
    public const int RecomputeRows = 64;

    /// <summary>SMA(n) of the closes.</summary>
    public static void Sma<T>(BarPanel<T> panel, int period, Span2D<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(panel, period, output);
        var close = panel.Close;
        int lanes = panel.Symbols;
        using var sum = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        T inverse = T.One / T.CreateTruncating(period);
        FillUndefined(output, Math.Min(period - 1, panel.Bars));
        for (int k = period - 1; k < panel.Bars; k++)
        {
            if ((k - period + 1) % RecomputeRows == 0)
            {
                sum.Span.Clear();
                for (int j = k - period + 1; j <= k; j++) TensorPrimitives.Add(sum.Span, close.GetRowSpan(j), sum.Span);
            }
            else
            {
                TensorPrimitives.Add(sum.Span, close.GetRowSpan(k), sum.Span);
                TensorPrimitives.Subtract(sum.Span, close.GetRowSpan(k - period), sum.Span);
            }
            TensorPrimitives.Multiply(sum.Span, inverse, output.GetRowSpan(k));
        }
    }

    /// <summary>EMA(n): seeded at bar n−1 with the mean of the first n closes.</summary>
    public static void Ema<T>(BarPanel<T> panel, int period, Span2D<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(panel, period, output);
        Ema(panel.Close, panel.Bars, 0, period, output);
    }

    /// <summary>Wilder's RSI(n): 50 where average gain and loss are both 0.</summary>
    public static void Rsi<T>(BarPanel<T> panel, int period, Span2D<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(panel, period, output);
        var close = panel.Close;
        int lanes = panel.Symbols;
        using var change = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var gain = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var loss = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var averageGain = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var averageLoss = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var total = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        T n = T.CreateTruncating(period), inverse = T.One / n, hundred = T.CreateTruncating(100), fifty = T.CreateTruncating(50);
        FillUndefined(output, Math.Min(period, panel.Bars));
        for (int k = 1; k < panel.Bars; k++)
        {
            TensorPrimitives.Subtract(close.GetRowSpan(k), close.GetRowSpan(k - 1), change.Span);
            TensorPrimitives.Max(change.Span, T.Zero, gain.Span);
            TensorPrimitives.Subtract(gain.Span, change.Span, loss.Span);
            if (k <= period)
            {
                TensorPrimitives.Add(averageGain.Span, gain.Span, averageGain.Span);
                TensorPrimitives.Add(averageLoss.Span, loss.Span, averageLoss.Span);
                if (k < period) continue;
                TensorPrimitives.Multiply(averageGain.Span, inverse, averageGain.Span);
                TensorPrimitives.Multiply(averageLoss.Span, inverse, averageLoss.Span);
            }
            else
            {
                // AG ← AG + (g − AG)/n, which is (AG·(n−1) + g)/n.
                TensorPrimitives.Subtract(gain.Span, averageGain.Span, gain.Span);
                TensorPrimitives.FusedMultiplyAdd(gain.Span, inverse, averageGain.Span, averageGain.Span);
                TensorPrimitives.Subtract(loss.Span, averageLoss.Span, loss.Span);
                TensorPrimitives.FusedMultiplyAdd(loss.Span, inverse, averageLoss.Span, averageLoss.Span);
            }
            var row = output.GetRowSpan(k);
            TensorPrimitives.Add(averageGain.Span, averageLoss.Span, total.Span);
            TensorPrimitives.Divide(averageGain.Span, total.Span, row);
            TensorPrimitives.Multiply(row, hundred, row);
            for (int s = 0; s < lanes; s++)
                if (total.Span[s] == T.Zero) row[s] = fifty;
        }
    }

    /// <summary>Bollinger(n, m): the lower and upper bands, mid ∓ m · population sd.</summary>
    public static void Bollinger<T>(BarPanel<T> panel, int period, double width, Span2D<T> lower, Span2D<T> upper)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(panel, period, lower);
        Check(panel, period, upper);
        var close = panel.Close;
        int lanes = panel.Symbols;
        using var anchor = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var sum = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var squares = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var deviation = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var leaving = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var mean = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        using var spread = MemoryOwner<T>.Allocate(lanes, AllocationMode.Clear);
        T inverse = T.One / T.CreateTruncating(period), m = T.CreateTruncating(width);
        FillUndefined(lower, Math.Min(period - 1, panel.Bars));
        FillUndefined(upper, Math.Min(period - 1, panel.Bars));
        // Closes unchanged in a row: a window of equal closes has sd 0 exactly, which the square root of a
        // variance at rounding level (E[d²] − E[d]² of two equal sums) would not give.
        var unchanged = new int[lanes];
        for (int k = 1; k < Math.Min(period - 1, panel.Bars); k++) CountUnchanged(close, k, unchanged);
        for (int k = period - 1; k < panel.Bars; k++)
        {
            if (k > 0) CountUnchanged(close, k, unchanged);
            if ((k - period + 1) % RecomputeRows == 0)
            {
                close.GetRowSpan(k).CopyTo(anchor.Span);
                sum.Span.Clear();
                squares.Span.Clear();
                for (int j = k - period + 1; j <= k; j++)
                {
                    TensorPrimitives.Subtract(close.GetRowSpan(j), anchor.Span, deviation.Span);
                    TensorPrimitives.Add(sum.Span, deviation.Span, sum.Span);
                    TensorPrimitives.FusedMultiplyAdd(deviation.Span, deviation.Span, squares.Span, squares.Span);
                }
            }
            else
            {
                TensorPrimitives.Subtract(close.GetRowSpan(k), anchor.Span, deviation.Span);
                TensorPrimitives.Subtract(close.GetRowSpan(k - period), anchor.Span, leaving.Span);
                TensorPrimitives.Add(sum.Span, deviation.Span, sum.Span);
                TensorPrimitives.Subtract(sum.Span, leaving.Span, sum.Span);
                TensorPrimitives.FusedMultiplyAdd(deviation.Span, deviation.Span, squares.Span, squares.Span);
                TensorPrimitives.Multiply(leaving.Span, leaving.Span, leaving.Span);
                TensorPrimitives.Subtract(squares.Span, leaving.Span, squares.Span);
            }

            // mean of deviations, variance = E[d²] − E[d]², half width = m·sd.
            TensorPrimitives.Multiply(sum.Span, inverse, mean.Span);
            TensorPrimitives.Multiply(squares.Span, inverse, spread.Span);
            TensorPrimitives.Multiply(mean.Span, mean.Span, deviation.Span);
            TensorPrimitives.Subtract(spread.Span, deviation.Span, spread.Span);
            TensorPrimitives.Max(spread.Span, T.Zero, spread.Span);
            TensorPrimitives.Sqrt(spread.Span, spread.Span);
            TensorPrimitives.Multiply(spread.Span, m, spread.Span);
            TensorPrimitives.Add(mean.Span, anchor.Span, mean.Span);
            var x = close.GetRowSpan(k);
            for (int s = 0; s < lanes; s++)
            {
                if (unchanged[s] < period - 1) continue;
                mean.Span[s] = x[s];
                spread.Span[s] = T.Zero;
            }
            TensorPrimitives.Subtract(mean.Span, spread.Span, lower.GetRowSpan(k));
            TensorPrimitives.Add(mean.Span, spread.Span, upper.GetRowSpan(k));
        }
    }

    private static void CountUnchanged<T>(Span2D<T> close, int k, int[] unchanged)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var row = close.GetRowSpan(k);
        var previous = close.GetRowSpan(k - 1);
        for (int s = 0; s < unchanged.Length; s++) unchanged[s] = row[s] == previous[s] ? unchanged[s] + 1 : 0;
    }

    /// <summary>MACD(f, s, g): the MACD line from bar s−1 and its signal from bar s+g−2.</summary>
    public static void Macd<T>(BarPanel<T> panel, int fast, int slow, int signal, Span2D<T> macd, Span2D<T> signalLine)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(panel, slow, macd);
        Check(panel, slow, signalLine);
        ArgumentOutOfRangeException.ThrowIfLessThan(fast, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(signal, 1);
        int bars = panel.Bars;
        var slowLine = new Span2D<T>(new T[(long)bars * panel.Symbols], bars, panel.Symbols);
        Ema(panel.Close, bars, 0, fast, macd);
        Ema(panel.Close, bars, 0, slow, slowLine);
        int first = Math.Max(fast, slow) - 1;
        for (int k = 0; k < bars; k++)
        {
            var row = macd.GetRowSpan(k);
            if (k < first) row.Fill(T.NaN);
            else TensorPrimitives.Subtract(row, slowLine.GetRowSpan(k), row);
        }
        // The signal is the EMA(g) of the MACD rows from bar `first` on.
        Ema(macd, bars, first, signal, signalLine);
    }

    // EMA of rows [from, bars) of `values`, written into the same rows of `output`.
    private static void Ema<T>(Span2D<T> values, int bars, int from, int period, Span2D<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        T alpha = T.CreateTruncating(2.0 / (period + 1)), inverse = T.One / T.CreateTruncating(period);
        int seed = from + period - 1;
        for (int k = 0; k < Math.Min(seed, bars); k++) output.GetRowSpan(k).Fill(T.NaN);
        if (seed >= bars) return;
        var ema = output.GetRowSpan(seed);
        ema.Clear();
        for (int j = from; j <= seed; j++) TensorPrimitives.Add(ema, values.GetRowSpan(j), ema);
        TensorPrimitives.Multiply(ema, inverse, ema);
        using var change = MemoryOwner<T>.Allocate(values.Width, AllocationMode.Clear);
        for (int k = seed + 1; k < bars; k++)
        {
            // (x − EMA)·α + EMA
            var previous = output.GetRowSpan(k - 1);
            TensorPrimitives.Subtract(values.GetRowSpan(k), previous, change.Span);
            TensorPrimitives.FusedMultiplyAdd(change.Span, alpha, previous, output.GetRowSpan(k));
        }
    }

    private static void FillUndefined<T>(Span2D<T> output, int rows)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (int k = 0; k < rows; k++) output.GetRowSpan(k).Fill(T.NaN);
    }

    private static void Check<T>(BarPanel<T> panel, int period, Span2D<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 1);
        if (output.Height != panel.Bars || output.Width != panel.Symbols)
            throw new ArgumentException($"The output must be {panel.Bars} x {panel.Symbols} (bars x lanes), not {output.Height} x {output.Width}.", nameof(output));
    }
}
