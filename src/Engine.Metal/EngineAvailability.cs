namespace Backtest.Metal;

/// <summary>Whether an engine can run on this machine, and if not, why (one line, for --engine errors).</summary>
public sealed record EngineAvailability(bool IsAvailable, string? Reason)
{
    public static EngineAvailability Available { get; } = new(true, null);

    public static EngineAvailability Unavailable(string reason) => new(false, reason);
}
