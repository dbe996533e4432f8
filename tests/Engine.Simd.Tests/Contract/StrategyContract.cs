using Backtest.Data;
using Backtest.Engines;
using Backtest.Lanes;
using Backtest.Panel;
using Backtest.Strategies.Graph;
using Backtest.Strategies.Lanes;
using Backtest.Strategies.Library;
using Backtest.Strategy;
using Backtest.Tests.Strategies;
using Backtest.Tests.Support;
using Xunit;

namespace Backtest.Tests.Contract;

/// <summary>
/// The engine contract for any strategy (semantics §6): random typed strategies (<see cref="RandomStrategies"/>: every op,
/// long, short, reversing) and every built-in with its defaults, on random ragged panels with random execution options
/// (fill, stops, targets, time limit, slippage, fees, sizing). SIMD f64 at every width trades as the reference engine
/// with metrics within 1e-9 (<see cref="Agreement.Same"/>); SIMD f32 at every width meets the f32 contract
/// (<see cref="GraphF32Contract"/>).
/// </summary>
public sealed class StrategyContract
{
    private const int Symbols = 21;
    private const int MaxBars = 700;

    /// <summary>Batches of random strategies: 6 × 10 = 60 strategies, each on its own panel and options.</summary>
    public static TheoryData<int> Batches() => [0, 1, 2, 3, 4, 5];

    private const int PerBatch = 10;

    [Theory]
    [MemberData(nameof(Batches))]
    public void Random_strategies_trade_as_the_reference_at_every_width_in_f64_and_within_the_f32_contract(int batch)
    {
        var strategies = new RandomStrategies(seed: 1000 + batch);
        var f32 = new List<GraphF32Run>();
        int traded = 0;
        for (int i = 0; i < PerBatch; i++)
        {
            int seed = 100 * batch + i;
            var graph = strategies.Next(out string description);
            Assert.True(LaneProgramBuilder.Problem(graph) is null, $"strategy {seed} cannot run on SIMD: {LaneProgramBuilder.Problem(graph)}; {description}");
            traded += Check(graph, seed, $"random {seed} ({description})", f32);
        }
        Assert.True(traded > PerBatch * Symbols / 4, $"only {traded} symbols traded in batch {batch}: the comparison would prove little");
        GraphF32Contract.Assert(f32);
    }

    public static TheoryData<string> BuiltIns() => [.. StrategyLibrary.Names];

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Every_built_in_trades_as_the_reference_at_every_width_in_f64_and_within_the_f32_contract(string name)
    {
        var definition = StrategyLibrary.Find(name)!;
        var f32 = new List<GraphF32Run>();
        int traded = 0;
        for (int round = 0; round < 3; round++)
            traded += Check(definition.Instantiate().Graph, 7000 + 31 * name.Length + round, $"{name} round {round}", f32);
        Assert.True(traded > Symbols / 2, $"{name}: only {traded} symbols traded");
        GraphF32Contract.Assert(f32);
    }

    /// <summary>Runs one strategy on its panel; returns how many symbols the reference traded.</summary>
    private static int Check(
        StrategyGraph graph, int seed, string label,
        List<GraphF32Run> f32)
    {
        var ct = TestContext.Current.CancellationToken;
        var execution = RandomExecution(new Random(seed));
        var series = RandomBars.Universe(Symbols, MaxBars, seed);
        var reference = series.Select(s => ReferenceEngine.RunSymbol(s, graph, execution)).ToList();
        string at = $"{label} [{Describe(execution)}]";
        bool volume = LaneProgramBuilder.ReadsVolume(graph);
        using (var panel = BarPanel.Create(series, Precision.F64, volume))
        {
            foreach (var width in Widths)
            {
                var actual = new SimdEngine(width, maxDegreeOfParallelism: 1).Run(panel, graph, execution, ct);
                for (int i = 0; i < series.Count; i++) Agreement.Same(reference[i], actual[i], $"f64 {width} {at} {series[i].Symbol}");
            }
        }
        using (var panel = BarPanel.Create(series, Precision.F32, volume))
        {
            foreach (var width in Widths)
                f32.Add(new(series, reference, new SimdEngine(width, maxDegreeOfParallelism: 1).Run(panel, graph, execution, ct), graph, execution, $"f32 {width} {at}"));
        }
        return reference.Count(r => r.Trades.Count > 0);
    }

    private static readonly IReadOnlyList<VectorWidth> Widths = [.. VectorWidths.Accelerated];

    /// <summary>Execution options drawn at random: each exit and cost on or off, fills at the next open or the close.</summary>
    internal static StrategyParameters RandomExecution(Random random) => StrategyParameters.Default with
    {
        Fill = random.Next(2) == 0 ? FillMode.NextOpen : FillMode.Close,
        StopLossPct = random.Next(3) == 0 ? Math.Round(0.2 + random.NextDouble() * 3, 2) : 0,
        TakeProfitPct = random.Next(3) == 0 ? Math.Round(0.2 + random.NextDouble() * 4, 2) : 0,
        MaxHoldBars = random.Next(3) == 0 ? 1 + random.Next(40) : 0,
        SlippageBps = random.Next(2) == 0 ? random.Next(30) : 0,
        FeeBps = random.Next(2) == 0 ? random.Next(20) : 0,
        FeeFixed = random.Next(2) == 0 ? Math.Round(random.NextDouble() * 5, 2) : 0,
        PositionSize = random.Next(4) == 0 ? 1 : Math.Round(0.02 + random.NextDouble() * 0.5, 2),
    };

    private static string Describe(StrategyParameters p) =>
        $"fill={p.Fill} stop={p.StopLossPct} target={p.TakeProfitPct} hold={p.MaxHoldBars} slip={p.SlippageBps} fee={p.FeeFixed}+{p.FeeBps}bps size={p.PositionSize}";
}
