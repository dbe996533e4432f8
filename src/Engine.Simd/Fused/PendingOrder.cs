namespace Backtest.Fused;

/// <summary>An order decided at a close that fills at the next open (fill=next-open).</summary>
internal enum PendingOrder : byte
{
    None,
    Buy,
    Sell,
}
