using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Backtest.Lanes;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// Where a window, lag or recursion reads its input's earlier bars: the panel itself for a built-in series (nothing
/// stored, as the hand-fused S3 kernel read its windows), or a ring of the input's last bars kept by the node.
/// </summary>
internal interface ILaneHistory<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Sets up a history of at least <paramref name="bars"/> bars (the current one included).</summary>
    void Open(NodeSetup<T> setup, int bars);

    /// <summary>Keeps <paramref name="x"/> as bar <paramref name="k"/>'s value (the panel keeps its own).</summary>
    void Record(int k, TV x);

    /// <summary>The input at bar <paramref name="k"/> ≤ bar.K, within the history's bars; na before bar 0 for a ring (a panel is never read there).</summary>
    TV At(int k, in LaneBar<TV, T> bar);

    /// <summary>
    /// Whether <see cref="RawAt"/> differs from <see cref="At"/>: an f32 panel's prices as stored, in units of the lane's
    /// price scale (whole cents), where differences and sums of deviations are exact; the value is the raw one times
    /// bar.InvScale. Windows and RSI work in raw units and scale their result once, as the hand-fused S3 kernel did.
    /// </summary>
    static abstract bool Scaled { get; }

    /// <summary>The input at bar <paramref name="k"/> in raw units (see <see cref="Scaled"/>).</summary>
    TV RawAt(int k, in LaneBar<TV, T> bar);

    /// <summary>
    /// As <see cref="RawAt"/>, and the panel's row <paramref name="ahead"/> bars later is prefetched: a window's leaving
    /// value, a row the walk touched n bars ago and the cache may since have dropped (one inline, as RawAt).
    /// </summary>
    TV RawAtPrefetching(int k, int ahead, in LaneBar<TV, T> bar);

    /// <summary>The input's change from bar.K − 1 to bar.K (bar.K ≥ 1) in raw units: RawAt(K) − RawAt(K − 1).</summary>
    TV RawChange(in LaneBar<TV, T> bar);
}

/// <summary>A built-in series read from the panel's rows, in price units.</summary>
internal struct PanelHistory<TL, TV, T, TField> : ILaneHistory<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TField : IPriceField
{
    public readonly void Open(NodeSetup<T> setup, int bars) { }

    public static bool Scaled => typeof(T) != typeof(double) && typeof(TField) != typeof(VolumeField);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe TV RawAt(int k, in LaneBar<TV, T> bar) => TL.Load(ref *(TField.Row(bar) + (nint)(k - bar.K) * bar.Stride));

    /// <remarks>close's comes from the bar, one expression for every node that takes it (the JIT computes it once).</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe TV RawChange(in LaneBar<TV, T> bar) =>
        typeof(TField) == typeof(CloseField)
            ? TL.Subtract(bar.RawClose, bar.PreviousRawClose)
            : TL.Subtract(TL.Load(ref *TField.Row(bar)), TL.Load(ref *(TField.Row(bar) - bar.Stride)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe TV RawAtPrefetching(int k, int ahead, in LaneBar<TV, T> bar)
    {
        T* row = TField.Row(bar) + (nint)(k - bar.K) * bar.Stride;
        if (Sse.IsSupported) Sse.Prefetch0(row + ahead * bar.Stride);
        return TL.Load(ref *row);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Record(int k, TV x) { }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe TV At(int k, in LaneBar<TV, T> bar)
    {
        TV raw = TL.Load(ref *(TField.Row(bar) + (nint)(k - bar.K) * bar.Stride));
        return typeof(T) == typeof(double) || typeof(TField) == typeof(VolumeField) ? raw : TL.Multiply(raw, bar.InvScale);
    }
}

/// <summary>A derived series' last bars in a ring the node writes every bar.</summary>
internal struct RingHistory<TL, TV, T> : ILaneHistory<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private LaneRing<T> _ring;

    public void Open(NodeSetup<T> setup, int bars) => _ring = setup.Ring(bars);

    public static bool Scaled => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV RawAt(int k, in LaneBar<TV, T> bar) => At(k, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV RawAtPrefetching(int k, int ahead, in LaneBar<TV, T> bar) => At(k, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly TV RawChange(in LaneBar<TV, T> bar) => TL.Subtract(At(bar.K, bar), At(bar.K - 1, bar));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe void Record(int k, TV x) => TL.Store(x, ref *_ring.Row(k));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe TV At(int k, in LaneBar<TV, T> bar) => TL.Load(ref *_ring.Row(k));
}

/// <summary>close as a panel field, for histories (the walk reads the current close itself).</summary>
internal readonly unsafe struct CloseField : IPriceField
{
    public static T* Row<TV, T>(in LaneBar<TV, T> bar) where TV : struct where T : unmanaged, IBinaryFloatingPointIeee754<T> => bar.CloseRow;

    public static bool Scaled => true;
}
