using System.Numerics;
using Backtest.Engines;
using Backtest.Lanes;
using Backtest.Simulation;

namespace Backtest.Fused;

/// <summary>
/// One vector's worth of consecutive lanes of a panel: the price pointers at its first lane, the row
/// stride (the panel's lane count) and the last bar over its lanes, where the walk over time ends.
/// </summary>
internal readonly unsafe struct ChunkInput<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    public required T* Open { get; init; }
    public required T* High { get; init; }
    public required T* Low { get; init; }
    public required T* Close { get; init; }
    public required nint Stride { get; init; }
    public required int MaxLastBar { get; init; }

    /// <summary>The factor of each lane's stored prices, from the chunk's first lane (see <see cref="Panel.BarPanel.PriceScales"/>).</summary>
    public required ReadOnlyMemory<double> PriceScales { get; init; }

    /// <summary>Each lane's ε for comparisons of price levels (<see cref="KernelRules.PriceTieEpsilon"/>), from the first lane.</summary>
    public required ReadOnlyMemory<double> TieEpsilons { get; init; }

    private static double[] TieEpsilonsOf(Panel.BarPanel<T> panel, int firstLane, int lanes)
    {
        var epsilons = new double[lanes];
        for (int i = 0; i < lanes; i++) epsilons[i] = KernelRules.PriceTieEpsilon(ExactPrices(panel, firstLane + i));
        return epsilons;
    }

    /// <summary>Whether a lane's prices are exact; the row padding's lanes (past the panel's) hold 1, exactly.</summary>
    private static bool ExactPrices(Panel.BarPanel<T> panel, int lane) => lane >= panel.Symbols || panel.ExactPrices[lane];

    /// <summary>The lanes' price scales; 1 for the row padding's (<see cref="Chunk.PlanFullWidth"/>).</summary>
    private static ReadOnlyMemory<double> PriceScalesOf(Panel.BarPanel<T> panel, int firstLane, int lanes)
    {
        if (firstLane + lanes <= panel.Symbols) return panel.PriceScalesMemory.Slice(firstLane, lanes);
        var scales = new double[lanes];
        for (int i = 0; i < lanes; i++) scales[i] = firstLane + i < panel.Symbols ? panel.PriceScales[firstLane + i] : 1;
        return scales;
    }

    /// <summary>The input of <paramref name="chunk"/>, and each of its lanes' accounts opened at the capital.</summary>
    public static ChunkInput<T> For(Panel.BarPanel<T> panel, Chunk chunk, in KernelSettings settings, Span<PositionAccount> accounts)
    {
        int lanes = chunk.Width.Lanes(sizeof(T));
        var lengths = panel.Lengths;
        int maxLast = -1;
        for (int i = 0; i < lanes; i++)
        {
            // A lane of the row padding has no bars (last −1): it never enters, never has an event. The walk sets the
            // strategy's first decision bar (GraphAccount.Open).
            int lane = chunk.FirstLane + i;
            int last = lane < panel.Symbols ? lengths[lane] - 1 : -1;
            accounts[i] = PositionAccount.Open(settings.Parameters.Capital, 0, last, KernelRules.ProtectiveEpsilon(ExactPrices(panel, lane)));
            maxLast = Math.Max(maxLast, last);
        }
        return new ChunkInput<T>
        {
            Open = panel.OpenPointer + chunk.FirstLane,
            High = panel.HighPointer + chunk.FirstLane,
            Low = panel.LowPointer + chunk.FirstLane,
            Close = panel.ClosePointer + chunk.FirstLane,
            Stride = panel.Stride,
            MaxLastBar = maxLast,
            PriceScales = PriceScalesOf(panel, chunk.FirstLane, lanes),
            TieEpsilons = TieEpsilonsOf(panel, chunk.FirstLane, lanes),
        };
    }
}
