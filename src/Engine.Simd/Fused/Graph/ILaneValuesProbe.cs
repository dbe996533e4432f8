using Backtest.Strategies.Lanes;

namespace Backtest.Fused.Graph;

/// <summary>Sees every node's value at every bar the graph walk computes (tests); the default does nothing and inlines away.</summary>
internal interface ILaneValuesProbe<TV>
    where TV : struct
{
    void Record(int k, ref LaneValues<TV> values);
}

/// <summary>The probe of a normal run.</summary>
internal struct NoValuesProbe<TV> : ILaneValuesProbe<TV>
    where TV : struct
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public readonly void Record(int k, ref LaneValues<TV> values) { }
}
