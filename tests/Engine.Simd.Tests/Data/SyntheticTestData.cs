using Backtest.Data;
using Backtest.Data.Synthetic;
using Xunit;

namespace Backtest.Tests.Data;

/// <summary>The synthetic universe's entry points with the test's cancellation token passed through.</summary>
internal static class SyntheticTestData
{
    public static IReadOnlyList<BarSeries> Generate(SyntheticUniverseOptions options, int maxDegreeOfParallelism = -1) =>
        SyntheticUniverse.Generate(options, maxDegreeOfParallelism, TestContext.Current.CancellationToken);

    public static SyntheticWriteResult Write(SyntheticUniverseOptions options, string directory) =>
        SyntheticCsvWriter.Write(options, directory, cancellationToken: TestContext.Current.CancellationToken);
}
