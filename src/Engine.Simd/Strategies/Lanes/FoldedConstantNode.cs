using System.Numerics;
using System.Runtime.CompilerServices;
using Backtest.Lanes;
using Backtest.Strategies.Graph;

namespace Backtest.Strategies.Lanes;

/// <summary>
/// An operator whose operands are all constants (<c>-w_trend</c>, <c>2 * n</c>), folded once per chunk into a constant:
/// the walk would otherwise compute it at every bar and keep its operands live.
/// </summary>
internal struct FoldedConstantNode<TL, TV, T, TOut> : ILaneNode<TV, T>
    where TL : struct, ISimdLanes<TV, T>
    where TV : struct
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
    where TOut : ISlot
{
    private TV _value;

    public void Open(NodeSetup<T> setup) => _value = TL.Splat(T.CreateTruncating(ConstantFolding.Fold(setup.Graph, setup.Node(TOut.Index))));

    public readonly void Step(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => StepSteady(ref values, bar);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void StepSteady(ref LaneValues<TV> values, in LaneBar<TV, T> bar) => TOut.Of(ref values) = _value;

    public readonly void Rebase(in LaneBar<TV, T> bar) { }
}

/// <summary>Which operators of constants the lane forms fold, and their value.</summary>
internal static class ConstantFolding
{
    /// <summary>Whether <see cref="Fold"/> computes <paramref name="node"/>: an arithmetic operator of constants only.</summary>
    public static bool Folds(StrategyGraph graph, GraphNode node) =>
        node.Op is NodeOp.Negate or NodeOp.Add or NodeOp.Subtract or NodeOp.Multiply
        && node.Arity > 0 && Enumerable.Range(0, node.Arity).All(i => graph.Nodes[node.Input(i)].Op == NodeOp.Constant);

    public static double Fold(StrategyGraph graph, GraphNode node)
    {
        double a = graph.Nodes[node.In0].Value, b = node.In1 >= 0 ? graph.Nodes[node.In1].Value : 0;
        return node.Op switch
        {
            NodeOp.Negate => -a,
            NodeOp.Add => a + b,
            NodeOp.Subtract => a - b,
            _ => a * b,
        };
    }
}
