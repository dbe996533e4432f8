using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>Which window function a window node computes, as a type, so its branches fold away.</summary>
internal interface IWindowKind
{
    static abstract NodeOp Op { get; }
}

internal readonly struct SmaKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Sma;
}

internal readonly struct SumKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Sum;
}

internal readonly struct StdevKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Stdev;
}

internal readonly struct WmaKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Wma;
}

internal readonly struct HighestKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Highest;
}

internal readonly struct LowestKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Lowest;
}

internal readonly struct EmaKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Ema;
}

internal readonly struct RmaKind : IWindowKind
{
    public static NodeOp Op => NodeOp.Rma;
}
