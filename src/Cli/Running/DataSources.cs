using Backtest.Data;
using Backtest.Data.Sources;
using Backtest.Data.Synthetic;

namespace Backtest.Cli.Running;

/// <summary>
/// The data stage of this build. Loading goes to <see cref="BarLoader"/>; the parts of the data stage
/// that this build does not hold yet say so with a <see cref="NotInThisBuildException"/>.
/// </summary>
public sealed class DataSources : IDataSources
{
    public LoadResult Load(LoadRequest request, CancellationToken cancellationToken)
        => BarLoader.Load(request, cancellationToken);

    public IReadOnlyList<string> ReadTickers(string path) => TickerList.Read(path);

    public DateTimeOffset ParseBound(string text, bool isEnd) => TimeWindowBound.Parse(text, isEnd);

    public IReadOnlyList<BarSeries> Synthesize(int symbols, int days, int seed, CancellationToken cancellationToken)
        => SyntheticUniverse.Generate(SyntheticOptions(symbols, days, seed), cancellationToken: cancellationToken);

    public (int Symbols, long Bars) WriteSynthetic(int symbols, int days, int seed, string directory, CancellationToken cancellationToken)
    {
        var written = SyntheticCsvWriter.Write(SyntheticOptions(symbols, days, seed), directory, cancellationToken: cancellationToken);
        return (written.Files, written.Bars);
    }

    public IBarSource? OpenSource(string? data, string? db, int dbTimeoutSeconds, Action<string> warn, CancellationToken cancellationToken)
        => BarSources.Open(data, db, dbTimeoutSeconds, warn, cancellationToken);

    public IBarSource OpenSynthetic(int symbols, int days, int seed) =>
        new SyntheticBarSource(SyntheticOptions(symbols, days, seed), RunPipeline.SyntheticSource(symbols, days, seed));

    // The CLI takes the seed as an int; every int maps to one 64-bit seed, so any value is reproducible.
    private static SyntheticUniverseOptions SyntheticOptions(int symbols, int days, int seed)
        => new() { Symbols = symbols, Days = days, Seed = unchecked((ulong)seed) };
}
