using Backtest.Optimization;
using Backtest.Strategy;

namespace Backtest.Tests.Optimization;

/// <summary>The parameters a grid over the built-in s3 can vary: its own (sma-fast, threshold, ...) and the execution settings.</summary>
internal static class S3Grid
{
    public static IReadOnlyList<GridParameter> Parameters { get; } = GridParameters.For(S3Strategy.Definition);
}
