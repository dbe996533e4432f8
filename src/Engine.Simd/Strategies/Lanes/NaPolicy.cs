namespace Backtest.Strategies.Lanes;

/// <summary>
/// Whether a node's operands can be na after their first bar (a division by zero, sqrt of a negative, a flat cci):
/// only then does the node pay for na propagation beyond what IEEE arithmetic does by itself. Before its first bar a
/// node's value is unspecified (the walk takes no decision there, and windows start counting at their input's first bar).
/// </summary>
internal interface INaPolicy
{
    static abstract bool MayBeNa { get; }
}

/// <summary>Operands defined at every bar from their first: no na handling.</summary>
internal readonly struct Dense : INaPolicy
{
    public static bool MayBeNa => false;
}

/// <summary>Operands that may be na at any bar: na propagates explicitly.</summary>
internal readonly struct Sparse : INaPolicy
{
    public static bool MayBeNa => true;
}
