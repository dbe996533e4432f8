using Backtest.Strategies.Language;
using Backtest.Cli.Running;
using Backtest.Data;
using Backtest.Engines;
using Backtest.Metrics;
using Backtest.Simulation;
using Backtest.Strategy;

namespace Backtest.Cli.Tests;

/// <summary>
/// Test-only stand-in for an engine: returns hand-made results (a flat one for symbols it has none
/// for). It computes nothing of the spec; it lets the CLI be tested without the simulator.
/// </summary>
internal sealed class FakeEngine(string name = "simd") : IBacktestEngine
{
    public Dictionary<string, SymbolResult> Results { get; } = new(StringComparer.Ordinal);

    public int Calls { get; private set; }

    public string Name { get; } = name;

    public bool Supports(Precision precision) => precision == Precision.F64;

    public string? CannotRun(StrategyInstance strategy) => null;


    public IReadOnlyList<SymbolResult> Run(IReadOnlyList<BarSeries> series, StrategyInstance strategy, StrategyParameters parameters, Precision precision, CancellationToken cancellationToken = default)
    {
        Calls++;
        return series
            .Select(s => Results.TryGetValue(s.Symbol, out var r)
                ? r
                : new SymbolResult(s.Symbol, s.Count, new SymbolMetrics { FinalValue = parameters.Capital, PeriodsPerYear = 98_280 }, []))
            .ToArray();
    }
}

/// <summary>Test-only data stage: hand-made series, and a record of what was asked of it.</summary>
internal sealed class FakeData : IDataSources
{
    /// <summary>2024-01-02T14:30:00Z.</summary>
    public const long T0 = 1_704_205_800_000;

    public List<BarSeries> Series { get; } = [];
    public Exception? LoadThrows { get; set; }
    public Exception? SynthesizeThrows { get; set; }
    public List<LoadIssue> Issues { get; } = [];
    public int Loads { get; private set; }
    public int Syntheses { get; private set; }
    public LoadRequest? LastRequest { get; private set; }
    public string? WrittenTo { get; private set; }

    public static BarSeries Bars(string symbol, int count)
    {
        var times = new long[count];
        var price = new double[count];
        for (int k = 0; k < count; k++)
        {
            times[k] = T0 + (k * 60_000L);
            price[k] = 100 + k;
        }
        return new BarSeries(symbol, times, price, price, price, price, new double[count]);
    }

    public LoadResult Load(LoadRequest request, CancellationToken cancellationToken)
    {
        Loads++;
        LastRequest = request;
        if (LoadThrows is not null) throw LoadThrows;
        return new LoadResult
        {
            Series = Series,
            Issues = Issues,
            Stats = [new SymbolLoadStats("AAA", "AAA.csv", 70, Issues.Count, 1, 0, 60)],
            Skipped = [],
            Source = request.Path,
        };
    }

    public IReadOnlyList<string> ReadTickers(string path) => File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();

    public DateTimeOffset ParseBound(string text, bool isEnd) =>
        DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);

    public IReadOnlyList<BarSeries> Synthesize(int symbols, int days, int seed, CancellationToken cancellationToken)
    {
        Syntheses++;
        if (SynthesizeThrows is not null) throw SynthesizeThrows;
        return Enumerable.Range(0, symbols).Select(i => Bars($"S{i:D3}", 60)).ToArray();
    }

    public (int Symbols, long Bars) WriteSynthetic(int symbols, int days, int seed, string directory, CancellationToken cancellationToken)
    {
        var series = Synthesize(symbols, days, seed, cancellationToken);
        Directory.CreateDirectory(directory);
        WrittenTo = directory;
        return (series.Count, series.Sum(s => (long)s.Count));
    }
}

internal static class Services
{
    /// <summary>Fake data with AAA (+5 %, one trade), BBB (−2 %) and a 10-bar SHORT, and the fake engine.</summary>
    public static (CliServices Services, FakeData Data, FakeEngine Engine) Fake()
    {
        var data = new FakeData();
        data.Series.AddRange([FakeData.Bars("AAA", 60), FakeData.Bars("BBB", 60), FakeData.Bars("SHORT", 10)]);
        var engine = new FakeEngine();
        engine.Results["AAA"] = new SymbolResult("AAA", 60, new SymbolMetrics
        {
            FinalValue = 105_000,
            TotalReturn = 5_000,
            TotalReturnPct = 5,
            Trades = 1,
            WinningTrades = 1,
            WinRate = 100,
            SharpeRatio = 1.5,
            PeriodsPerYear = 98_280,
        }, [new Trade(51, 55, 151, 155, 33, 130, 2.6088701585390326, ExitReason.Signal)]);
        engine.Results["BBB"] = new SymbolResult("BBB", 60, new SymbolMetrics
        {
            FinalValue = 98_000,
            TotalReturn = -2_000,
            TotalReturnPct = -2,
            PeriodsPerYear = 98_280,
        }, []);
        return (new CliServices { Engines = new EngineCatalog([engine], knownNames: CliServices.EngineNames), Data = data }, data, engine);
    }
}
