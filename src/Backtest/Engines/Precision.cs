namespace Backtest.Engines;

/// <summary>The floating-point width an engine computes in (spec §6).</summary>
public enum Precision
{
    F64,
    F32,
}
