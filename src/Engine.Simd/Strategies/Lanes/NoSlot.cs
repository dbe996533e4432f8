namespace Backtest.Strategies.Lanes;

/// <summary>An output a node does not have (an optional slot type parameter): callers test for it and never write it.</summary>
internal readonly struct NoSlot : ISlot
{
    public static int Index => -1;

    public static ref TV Of<TV>(ref LaneValues<TV> values) where TV : struct => throw new NotSupportedException("No slot.");
}
