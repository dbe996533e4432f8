using Xunit;

namespace Backtest.Cli.Tests;

/// <summary>
/// Tests that run `bt` in-process redirect the process-wide Console and read Environment.ExitCode, so
/// they run one at a time, in this collection.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
