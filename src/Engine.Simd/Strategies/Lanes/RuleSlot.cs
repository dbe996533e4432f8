namespace Backtest.Strategies.Lanes;

/// <summary>One of the four rules as a type: the slot of its node, or absent.</summary>
internal interface IRuleSlot
{
    static abstract bool Present { get; }

    /// <summary>Whether the slot holds the rule as a mask (<see cref="RuleMaskNode{TL, TV, T, TKind, TExact, TA, TB, TOut}"/>) rather than a bool.</summary>
    static abstract bool IsMask { get; }

    static abstract ref TV Of<TV>(ref LaneValues<TV> values) where TV : struct;
}

internal readonly struct RuleAt<TSlot> : IRuleSlot
    where TSlot : ISlot
{
    public static bool Present => true;

    public static bool IsMask => false;

    public static ref TV Of<TV>(ref LaneValues<TV> values) where TV : struct => ref TSlot.Of(ref values);
}

/// <summary>A rule whose slot holds its mask (all bits set where it holds).</summary>
internal readonly struct RuleMaskAt<TSlot> : IRuleSlot
    where TSlot : ISlot
{
    public static bool Present => true;

    public static bool IsMask => true;

    public static ref TV Of<TV>(ref LaneValues<TV> values) where TV : struct => ref TSlot.Of(ref values);
}

/// <summary>A rule the strategy does not have: never holds (its slot is never read).</summary>
internal readonly struct NoRule : IRuleSlot
{
    public static bool Present => false;

    public static bool IsMask => false;

    public static ref TV Of<TV>(ref LaneValues<TV> values) where TV : struct => ref values.S0;
}
