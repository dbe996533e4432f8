using Backtest.Data;
using Backtest.Engines;

namespace Backtest.Panel;

/// <summary>
/// Bars of many symbols in structure-of-arrays layout: one array per price field, bar-major with the
/// symbols of a bar contiguous, so element [k, s] (bar k of lane s) is at k·<see cref="Stride"/> + s and
/// one vector load reads one field of consecutive symbols at one bar. <see cref="Stride"/> is the lane
/// count rounded up to a whole cache line (64 bytes): every row then starts on a line, and a vector of
/// lanes is one line, not two (with 1,000 f32 lanes a 4,000-byte row would split every other vector and
/// halve what a prefetch brings in). The lanes past <see cref="Symbols"/> hold 1 and are never read. Lanes are the series given to
/// <see cref="BarPanel{T}.FromSeries"/>, longest first, so that neighbouring lanes end at nearly the
/// same bar; <see cref="SourceIndex"/> maps a lane back to its series. Rows past a lane's last bar
/// repeat its last close in every field (finite values that never trade; engines stop a lane at its
/// last bar), and one such row follows the last bar of the longest series, so that a kernel can read bar
/// k+1 while it finishes bar k. Volume is held only when asked for (<see cref="HasVolume"/>: strategies reading volume
/// or obv), unscaled, 0 past a lane's last bar.
/// </summary>
public abstract class BarPanel : IDisposable
{
    private protected BarPanel(int symbols, int stride, int bars, int[] lengths, string[] names, int[] sourceIndex, double[] periodsPerYear, double[] priceScales, bool[] exactPrices)
    {
        PriceScalesArray = priceScales;
        ExactPricesArray = exactPrices;
        Symbols = symbols;
        Stride = stride;
        Bars = bars;
        LengthsArray = lengths;
        NamesArray = names;
        SourceIndexArray = sourceIndex;
        PeriodsPerYearArray = periodsPerYear;
        SeriesSpansArray = new Metrics.SeriesSpan[symbols];
    }

    /// <summary>Lanes (columns): one per series.</summary>
    public int Symbols { get; }

    /// <summary>Elements from one row to the next: <see cref="Symbols"/> rounded up to a cache line.</summary>
    public int Stride { get; }

    /// <summary>Rows: the length of the longest series.</summary>
    public int Bars { get; }

    public abstract Precision Precision { get; }

    /// <summary>Bars of each lane's own series.</summary>
    public ReadOnlySpan<int> Lengths => LengthsArray;

    public IReadOnlyList<string> SymbolNames => NamesArray;

    /// <summary>For each lane, the index of its series in the list the panel was built from.</summary>
    public ReadOnlySpan<int> SourceIndex => SourceIndexArray;

    /// <summary>P inferred from each lane's bar spacing (spec §5), used unless the parameters give one.</summary>
    public ReadOnlySpan<double> PeriodsPerYear => PeriodsPerYearArray;

    /// <summary>Each lane's first and last close and time in f64, as loaded (buy and hold, CAGR: semantics §5).</summary>
    public ReadOnlySpan<Metrics.SeriesSpan> SeriesSpans => SeriesSpansArray;

    /// <summary>
    /// For each lane, the factor its stored prices carry: stored = price × scale. Always 1 in f64; in f32 the
    /// power of ten that makes the lane's prices exact (<see cref="PriceScale"/>). Indicator comparisons are
    /// scale-free; fills divide by it, so money stays in the data's units.
    /// </summary>
    public ReadOnlySpan<double> PriceScales => PriceScalesArray;

    public ReadOnlyMemory<double> PriceScalesMemory => PriceScalesArray;

    /// <summary>
    /// For each lane, whether its stored prices divided by the scale are exactly the loader's prices: always
    /// in f64; in f32 where a decimal scale exists (<see cref="PriceScale"/>).
    /// </summary>
    public ReadOnlySpan<bool> ExactPrices => ExactPricesArray;

    /// <summary>Bytes of the price arrays (and volume's) as allocated (whole pages).</summary>
    public abstract long Bytes { get; }

    /// <summary>Whether the panel holds each bar's volume beside the prices.</summary>
    public abstract bool HasVolume { get; }

    private protected int[] LengthsArray { get; }

    private protected string[] NamesArray { get; }

    private protected int[] SourceIndexArray { get; }

    private protected double[] PeriodsPerYearArray { get; }

    private protected Metrics.SeriesSpan[] SeriesSpansArray { get; }

    private protected double[] PriceScalesArray { get; }

    private protected bool[] ExactPricesArray { get; }

    /// <summary>A panel of <paramref name="series"/> in the given precision (see <see cref="BarPanel{T}.FromSeries"/>).</summary>
    public static BarPanel Create(IReadOnlyList<BarSeries> series, Precision precision, bool withVolume = false) => precision switch
    {
        Precision.F32 => BarPanel<float>.FromSeries(series, withVolume: withVolume),
        Precision.F64 => BarPanel<double>.FromSeries(series, withVolume: withVolume),
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    public abstract void Dispose();
}
