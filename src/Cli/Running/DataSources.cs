using Backtest.Data;

namespace Backtest.Cli.Running;

/// <summary>
/// The data stage of this build. Loading goes to <see cref="BarLoader"/>; the parts of the data stage
/// that this build does not hold yet say so with a <see cref="NotInThisBuildException"/>.
/// </summary>
public sealed class DataSources : IDataSources
{
    public LoadResult Load(LoadRequest request, CancellationToken cancellationToken)
        => BarLoader.Load(request, cancellationToken);

    public IReadOnlyList<string> ReadTickers(string path)
        => throw new NotInThisBuildException("--tickers is not available in this build (the tickers file reader is missing).");

    public DateTimeOffset ParseBound(string text, bool isEnd)
        => throw new NotInThisBuildException($"--{(isEnd ? "end" : "start")} is not available in this build (the time bound parser is missing).");

    public IReadOnlyList<BarSeries> Synthesize(int symbols, int days, int seed)
        => throw new NotInThisBuildException("the synthetic universe is not available in this build; give --data PATH.");

    public void WriteCsv(string directory, IReadOnlyList<BarSeries> series)
        => throw new NotInThisBuildException("the synthetic CSV writer is not available in this build.");
}
