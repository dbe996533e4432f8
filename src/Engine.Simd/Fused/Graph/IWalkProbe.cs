using System.Runtime.CompilerServices;
using Backtest.Strategies.Lanes;

namespace Backtest.Fused.Graph;

/// <summary>
/// Sees what the graph walk computes at every bar: every node's value (tests) and each lane's equity after the bar's
/// fills (walk-forward's test windows). The default does nothing and inlines away.
/// </summary>
internal interface IWalkProbe<TV>
    where TV : struct
{
    void Record(int k, ref LaneValues<TV> values);

    /// <summary>Bar <paramref name="k"/>'s equity in money (f32 included), for every lane of the chunk (padding past a lane's last bar too).</summary>
    void RecordEquity(int k, TV equity);
}

/// <summary>The probe of a normal run.</summary>
internal struct NoWalkProbe<TV> : IWalkProbe<TV>
    where TV : struct
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void Record(int k, ref LaneValues<TV> values) { }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void RecordEquity(int k, TV equity) { }
}
