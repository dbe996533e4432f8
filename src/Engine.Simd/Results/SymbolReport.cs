using Backtest.Data;
using Backtest.Engines;

namespace Backtest.Results;

/// <summary>
/// One backtested symbol: the engine's result beside the series it ran on, so trade bar indices and
/// the first and last bar can be turned into timestamps.
/// </summary>
public sealed class SymbolReport
{
    public SymbolReport(BarSeries series, SymbolResult result)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(result);
        if (!string.Equals(series.Symbol, result.Symbol, StringComparison.Ordinal))
            throw new ArgumentException($"Result for '{result.Symbol}' paired with the series of '{series.Symbol}'.", nameof(result));
        Series = series;
        Result = result;
    }

    public BarSeries Series { get; }
    public SymbolResult Result { get; }

    public string Symbol => Result.Symbol;
    public int Bars => Series.Count;

    /// <summary>Time of the first bar (Unix ms), null for an empty series.</summary>
    public long? Start => Series.Count > 0 ? Series.Times[0] : null;

    /// <summary>Time of the last bar (Unix ms), null for an empty series.</summary>
    public long? End => Series.Count > 0 ? Series.Times[^1] : null;
}
