using System.Reflection;
using Cocona.Application;

namespace Backtest.Cli.Commands;

/// <summary>Names the program "bt" in help, also when it runs inside another process (the tests).</summary>
public sealed class BtMetadata : ICoconaApplicationMetadataProvider
{
    public const string Description = "bt: backtests the S3 trading strategy over many symbols of bars and writes per-symbol results.";

    public string GetExecutableName() => "bt";

    public string GetDescription() => Description;

    public string GetProductName() => "bt";

    public string GetVersion() =>
        typeof(BtMetadata).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
