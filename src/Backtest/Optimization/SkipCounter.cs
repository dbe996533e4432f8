namespace Backtest.Optimization;

/// <summary>Counts the combinations of a grid that were skipped as invalid, keeping the first one's reason.</summary>
public sealed class SkipCounter
{
    public int Count { get; private set; }

    /// <summary>The lowest grid index among the skipped combinations (the first in grid order), or −1.</summary>
    public int FirstIndex { get; private set; } = -1;

    /// <summary>Why the first one was skipped (its first broken rule), or null.</summary>
    public string? FirstReason { get; private set; }

    public void Add(int index, string reason)
    {
        if (Count == 0 || index < FirstIndex)
        {
            FirstIndex = index;
            FirstReason = reason;
        }
        Count++;
    }
}
