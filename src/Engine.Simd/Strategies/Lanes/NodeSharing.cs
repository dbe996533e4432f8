namespace Backtest.Strategies.Lanes;

/// <summary>
/// How one walk of a grid takes part in sharing bool sub-expressions with the other combinations on its tile: the
/// nodes it reads from rows another combination's walk recorded (their inputs are then not computed unless something
/// else needs them), and the nodes it computes and records for those after it. Node indices of its own graph.
/// </summary>
internal sealed class NodeSharing
{
    public NodeSharing(IEnumerable<int> read, IEnumerable<int> recorded)
    {
        Read = new SortedSet<int>(read);
        Recorded = new SortedSet<int>(recorded);
        if (Read.Overlaps(Recorded)) throw new ArgumentException("A node is either read from a record or recorded, not both.");
        Signature = $"read {string.Join(',', Read)}; recorded {string.Join(',', Recorded)}";
    }

    public IReadOnlySet<int> Read { get; }

    public IReadOnlySet<int> Recorded { get; }

    /// <summary>Identifies the composed walk: two sharings of one graph shape with equal signatures compose the same type.</summary>
    public string Signature { get; }

    public bool IsEmpty => Read.Count == 0 && Recorded.Count == 0;
}
