using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Metrics;
using CommunityToolkit.HighPerformance;

namespace Backtest.Panel;

/// <summary>A <see cref="BarPanel"/> whose prices are <typeparamref name="T"/> (float or double).</summary>
public sealed unsafe class BarPanel<T> : BarPanel
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// In f32 a bar index is held exactly only below 2^24 (about 43,000 sessions of minute bars).
    /// </summary>
    public const int MaxBarsF32 = 1 << 24;

    // Lanes written by one work item: a cache line of floats, so rows are written whole lines at a time.
    private const int LanesPerWrite = 16;

    private const int CacheLineBytes = 64;

    private readonly NativeBlock _open, _high, _low, _close;

    // Only for strategies that read volume (volume, obv): the others never pay for a fifth field.
    private readonly NativeBlock? _volume;

    private BarPanel(int symbols, int bars, int[] lengths, string[] names, int[] sourceIndex, double[] periodsPerYear, bool withVolume)
        : base(symbols, StrideFor(symbols), bars, lengths, names, sourceIndex, periodsPerYear, new double[symbols], new bool[symbols])
    {
        // One row more than the longest series: kernels read bar k+1 while finishing bar k.
        long bytes = (long)Stride * (bars + 1) * sizeof(T);
        _open = NativeBlock.Allocate(bytes);
        _high = NativeBlock.Allocate(bytes);
        _low = NativeBlock.Allocate(bytes);
        _close = NativeBlock.Allocate(bytes);
        if (withVolume) _volume = NativeBlock.Allocate(bytes);
    }

    /// <summary>Lanes rounded up to a whole cache line of <typeparamref name="T"/>.</summary>
    public static int StrideFor(int symbols)
    {
        int perLine = CacheLineBytes / sizeof(T);
        return (symbols + perLine - 1) / perLine * perLine;
    }

    public override Precision Precision => typeof(T) == typeof(float) ? Precision.F32 : Precision.F64;

    public override long Bytes => _open.Length + _high.Length + _low.Length + _close.Length + (_volume?.Length ?? 0);

    public override bool HasVolume => _volume is not null;

    /// <summary>Rows are bars, columns lanes.</summary>
    public Span2D<T> Open => View(_open);

    public Span2D<T> High => View(_high);

    public Span2D<T> Low => View(_low);

    public Span2D<T> Close => View(_close);

    /// <summary>The page-aligned block behind a field, for engines that hand it to a device without a copy.</summary>
    public NativeBlock Block(PanelField field) => field switch
    {
        PanelField.Open => _open,
        PanelField.High => _high,
        PanelField.Low => _low,
        PanelField.Close => _close,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    public T* OpenPointer => (T*)_open.Pointer;

    public T* HighPointer => (T*)_high.Pointer;

    public T* LowPointer => (T*)_low.Pointer;

    public T* ClosePointer => (T*)_close.Pointer;

    /// <summary>The volume rows (as loaded, never scaled), or null when the panel holds none.</summary>
    public T* VolumePointer => _volume is null ? null : (T*)_volume.Pointer;

    /// <summary>
    /// A panel of <paramref name="series"/>, lanes ordered by length (longest first, ties in list order).
    /// </summary>
    /// <param name="withVolume">Hold the volume too (strategies that read volume or obv).</param>
    public static BarPanel<T> FromSeries(IReadOnlyList<BarSeries> series, int maxDegreeOfParallelism = -1, bool withVolume = false)
    {
        ArgumentNullException.ThrowIfNull(series);
        // OrderBy is stable: equal lengths keep their list order, so the layout is deterministic.
        int[] order = [.. Enumerable.Range(0, series.Count).OrderByDescending(i => series[i].Count)];
        int bars = series.Count == 0 ? 0 : series[order[0]].Count;
        return Build(series.Count, bars, lane => series[order[lane]], order, maxDegreeOfParallelism, withVolume);
    }

    /// <summary>
    /// A panel of <paramref name="symbols"/> lanes, lane i filled from <paramref name="seriesOfLane"/>(i), which
    /// is called once per lane, in parallel, and not kept: series can be produced and dropped one at a time.
    /// </summary>
    /// <param name="bars">Rows: at least the longest series.</param>
    public static BarPanel<T> Build(int symbols, int bars, Func<int, BarSeries> seriesOfLane, int maxDegreeOfParallelism = -1, bool withVolume = false)
    {
        var identity = new int[symbols];
        for (int i = 0; i < symbols; i++) identity[i] = i;
        return Build(symbols, bars, seriesOfLane, identity, maxDegreeOfParallelism, withVolume);
    }

    private static BarPanel<T> Build(int symbols, int bars, Func<int, BarSeries> seriesOfLane, int[] sourceIndex, int maxDegreeOfParallelism, bool withVolume)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(symbols);
        ArgumentOutOfRangeException.ThrowIfNegative(bars);
        ArgumentNullException.ThrowIfNull(seriesOfLane);
        if (typeof(T) == typeof(float) && bars >= MaxBarsF32)
            throw new ArgumentException($"An f32 panel holds fewer than {MaxBarsF32:N0} bars per series; the longest has {bars:N0}. Use f64.", nameof(bars));

        var panel = new BarPanel<T>(symbols, bars, new int[symbols], new string[symbols], sourceIndex, new double[symbols], withVolume);
        try
        {
            int groups = (symbols + LanesPerWrite - 1) / LanesPerWrite;
            Parallel.For(0, groups, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, group =>
            {
                int first = group * LanesPerWrite;
                int count = Math.Min(LanesPerWrite, symbols - first);
                var lanes = new BarSeries[count];
                for (int i = 0; i < count; i++)
                {
                    var s = seriesOfLane(first + i);
                    if (s.Count > bars)
                        throw new ArgumentException($"Series '{s.Symbol}' has {s.Count} bars, more than the panel's {bars}.", nameof(seriesOfLane));
                    lanes[i] = s;
                    panel.LengthsArray[first + i] = s.Count;
                    panel.NamesArray[first + i] = s.Symbol;
                    panel.PeriodsPerYearArray[first + i] = PeriodsPerYearInference.Infer(s.Times);
                    panel.SeriesSpansArray[first + i] = SeriesSpan.Of(s);
                    (panel.PriceScalesArray[first + i], panel.ExactPricesArray[first + i]) =
                        typeof(T) == typeof(float) ? PriceScale.ForF32(s) : (1, true);
                }
                panel.WriteLanes(first, lanes);
            });
            panel.FillPaddingLanes();
        }
        catch
        {
            panel.Dispose();
            throw;
        }
        return panel;
    }

    // Row by row over a group of lanes: each row's values for the group sit in one or two cache lines.
    private void WriteLanes(int firstLane, BarSeries[] lanes)
    {
        var scales = PriceScalesArray.AsSpan(firstLane, lanes.Length).ToArray();
        var pads = new T[lanes.Length];
        for (int i = 0; i < lanes.Length; i++) pads[i] = lanes[i].Count > 0 ? Stored(lanes[i].Close[^1], scales[i]) : T.One;
        WriteField(OpenPointer, firstLane, lanes, static s => s.Open, pads, scales);
        WriteField(HighPointer, firstLane, lanes, static s => s.High, pads, scales);
        WriteField(LowPointer, firstLane, lanes, static s => s.Low, pads, scales);
        WriteField(ClosePointer, firstLane, lanes, static s => s.Close, pads, scales);
        // Volume as loaded (scale 1); no volume past a lane's last bar.
        if (_volume is not null) WriteField(VolumePointer, firstLane, lanes, static s => s.Volume, new T[lanes.Length], Enumerable.Repeat(1.0, lanes.Length).ToArray());
    }

    // Scale 1 stores the price as it is (f64, or f32 rounding where no power of ten makes it exact).
    private static T Stored(double price, double scale) =>
        T.CreateTruncating(scale == 1 ? price : Math.Round(price * scale));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FillPaddingLanes()
    {
        foreach (var block in new[] { _open, _high, _low, _close, _volume })
        {
            if (block is null) continue;
            for (long k = 0; k <= Bars; k++)
                new Span<T>((T*)block.Pointer + k * Stride + Symbols, Stride - Symbols).Fill(T.One);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteField(T* destination, int firstLane, BarSeries[] lanes, Func<BarSeries, double[]> field, T[] pads, double[] scales)
    {
        int n = lanes.Length;
        var columns = new double[n][];
        int shortest = int.MaxValue;
        for (int i = 0; i < n; i++)
        {
            columns[i] = field(lanes[i]);
            shortest = Math.Min(shortest, columns[i].Length);
        }

        // Bars every lane of the group has: no test per element. Then the ragged ends and the padding.
        int k = 0;
        for (; k < shortest; k++)
        {
            T* row = destination + (long)k * Stride + firstLane;
            for (int i = 0; i < n; i++) row[i] = Stored(columns[i][k], scales[i]);
        }
        for (; k <= Bars; k++)
        {
            T* row = destination + (long)k * Stride + firstLane;
            for (int i = 0; i < n; i++) row[i] = k < columns[i].Length ? Stored(columns[i][k], scales[i]) : pads[i];
        }
    }

    private Span2D<T> View(NativeBlock block) => new(block.Pointer, Bars, Symbols, Stride - Symbols);

    public override void Dispose()
    {
        _open.Dispose();
        _high.Dispose();
        _low.Dispose();
        _close.Dispose();
        _volume?.Dispose();
    }
}
