using System.Numerics;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// What every node may read at bar K of the walk: the bar index, the close in price units, the comparison
/// tolerance, and pointers to this bar's row of each panel field (a node loads only the rows it needs).
/// </summary>
internal unsafe struct LaneBar<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public int K;

    /// <summary>K in every lane (the built-in series <c>bar</c>).</summary>
    public TV Bar;

    /// <summary>close[K] in price units (the panel's stored price times <see cref="InvScale"/>).</summary>
    public TV Close;

    /// <summary>
    /// close[K] and close[K − 1] as the panel stores them (raw units; the previous is close[K] at bar 0): loaded once a bar
    /// for every node that reads them, so that their difference is one subtraction however many nodes take it.
    /// </summary>
    public TV RawClose, PreviousRawClose;

    /// <summary>ε factor of "clearly greater" per lane (1e-9 where prices are exact, strategies.md §4), and it times the close.</summary>
    public TV Tie, TieClose;

    /// <summary>Constants every node uses, held here so that the walk's inlining budget is not spent on splatting them.</summary>
    public TV Zero, One, Na, SignMask;

    /// <summary>Per lane, 1 / the panel's price scale (all ones in f64).</summary>
    public TV InvScale;

    public T* OpenRow, HighRow, LowRow, CloseRow, VolumeRow;

    /// <summary>Elements from one bar's row to the next (the panel's lane count).</summary>
    public nint Stride;
}
