namespace Backtest.Optimization;

/// <summary>One dimension of a grid: a parameter and the values it takes, in the order given.</summary>
public sealed record GridAxis(GridParameter Parameter, IReadOnlyList<double> Values)
{
    public string Name => Parameter.Name;
}
