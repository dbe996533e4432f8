using System.Numerics;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// The lane form of one graph node (or of a sequence of them, <see cref="LaneSequences"/>): a
/// struct holding its state and parameters in fields, which writes its value at each bar into its slot of
/// <see cref="LaneValues{TV}"/>. Composed into one closed generic type, the whole strategy inlines into the walk.
/// </summary>
internal interface ILaneNode<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Sets the node up for a chunk, before bar 0: parameters from the graph, history from the arena.</summary>
    void Open(NodeSetup<T> setup);

    /// <summary>
    /// Computes this bar's value from the operands' values at this bar (and the node's own state), at any bar: the
    /// warm-up walk's form, which seeds recursions and fills windows (it may call helpers: it runs a few bars).
    /// </summary>
    void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar);

    /// <summary>
    /// As <see cref="Step"/> once every node of the strategy is past its first bar: the hot walk's form, small and
    /// without calls, so that the JIT inlines it and keeps the node's state in registers.
    /// </summary>
    void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar);

    /// <summary>
    /// Before bar <c>bar.K</c> of a block start, outside the hot loop: rolling sums are recomputed from their window so
    /// that rounding cannot build up. Nodes without such sums do nothing.
    /// </summary>
    void Rebase(in LaneBar<TV, T> bar);
}
