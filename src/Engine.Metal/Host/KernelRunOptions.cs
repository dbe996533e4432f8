namespace Backtest.Metal.Host;

/// <summary>Knobs of a kernel run. The defaults suit real runs; tests shrink them to force every path.</summary>
public sealed record KernelRunOptions
{
    public static KernelRunOptions Default { get; } = new();

    /// <summary>Bars per time chunk; null to size chunks by <see cref="ThreadBarsPerChunk"/>.</summary>
    public int? ChunkBars { get; init; }

    public long ThreadBarsPerChunk { get; init; } = TimeChunk.DefaultThreadBarsPerChunk;

    /// <summary>Trade slots per thread in the first pass; null for <see cref="Host.TradeCapacity.For"/>.</summary>
    public int? TradeCapacity { get; init; }
}
