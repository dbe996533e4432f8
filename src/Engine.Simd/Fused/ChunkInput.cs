using System.Numerics;

namespace Backtest.Fused;

/// <summary>
/// One vector's worth of consecutive lanes of a panel: the price pointers at its first lane, the row
/// stride (the panel's lane count) and the last bar over its lanes, where the walk over time ends.
/// </summary>
internal readonly unsafe struct ChunkInput<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public required T* Open { get; init; }
    public required T* High { get; init; }
    public required T* Low { get; init; }
    public required T* Close { get; init; }
    public required nint Stride { get; init; }
    public required int MaxLastBar { get; init; }

    /// <summary>Elements between a row and the row a window of the fast SMA, slow SMA or bands drops.</summary>
    public required nint FastRows { get; init; }

    public required nint SlowRows { get; init; }

    public required nint BandRows { get; init; }
}
