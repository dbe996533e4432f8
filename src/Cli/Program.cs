using Backtest.Cli.CommandLine;
using Backtest.Cli.Commands;
using Backtest.Cli.Running;
using Backtest.Cli.Terminal;
using Cocona;
using Cocona.Application;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Backtest.Cli;

/// <summary>The `bt` command line. <see cref="Run"/> runs it in-process, which the tests use.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        using var signals = StopSignals.Listen(Console.Error);
        return Run(args, null, signals);
    }

    private static readonly Type[] TopLevelCommands = [typeof(RunCommand), typeof(BenchCommand), typeof(OptimizeCommand), typeof(WalkForwardCommand)];
    private static readonly Type[] DataCommands = [typeof(DataSynthCommand), typeof(DataImportCommand), typeof(DataScanCommand)];
    private static readonly Type[] StrategiesCommands = [typeof(StrategiesCommand)];

    /// <summary>Every command's syntax, read from the types registered with Cocona below.</summary>
    public static readonly CommandLineCheck Syntax = new(
    [
        .. TopLevelCommands.SelectMany(t => CommandSyntax.Of(t, "")),
        .. DataCommands.SelectMany(t => CommandSyntax.Of(t, "data")),
        .. StrategiesCommands.SelectMany(t => CommandSyntax.Of(t, "strategies")),
    ]);

    /// <summary>
    /// Runs one command line and returns its exit code (docs/cli.md): 0 success, 1 failure, 2 the
    /// command line was rejected before anything ran, 130 cancelled (Ctrl-C), 143 stopped by SIGTERM. Uses the current Console.Out and
    /// Console.Error. <paramref name="services"/> replaces the engines and data stage (tests).
    /// </summary>
    /// <param name="signals">Ctrl-C and SIGTERM: their token reaches every command; null for none (tests).</param>
    public static int Run(string[] args, CliServices? services = null, StopSignals? signals = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        (args, var parameterOptions) = Syntax.WithStrategyAliases(args);
        var problems = Syntax.Problems(args, parameterOptions);
        if (problems.Count > 0)
        {
            foreach (string problem in problems) TerminalSafeWriter.Error.WriteLine(problem);
            return ExitCodes.Usage;
        }

        using var ignored = signals is null ? StopSignals.Ignored() : null;
        signals ??= ignored!;
        var state = new CommandState();
        var builder = CoconaApp.CreateBuilder(args, options => options.TreatPublicMethodsAsCommands = false);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(services ?? CliServices.CreateDefault());
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton(signals);
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, SignalFreeLifetime>();
        builder.Services.AddSingleton<ICoconaApplicationMetadataProvider, BtMetadata>();
        var app = builder.Build();
        app.UseFilter(new OutOfMemoryFilter());
        foreach (var command in TopLevelCommands) app.AddCommands(command);
        app.AddSubCommand("data", data =>
            {
                foreach (var command in DataCommands) data.AddCommands(command);
            })
            .WithDescription("Data tools: `bt data synth` writes the synthetic universe as CSV files; `bt data import` builds a bar cache; `bt data scan` reads a source and reports its speed.");
        app.AddSubCommand("strategies", strategies =>
            {
                foreach (var command in StrategiesCommands) strategies.AddCommands(command);
            })
            .WithDescription(StrategiesCommand.Description);

        Environment.ExitCode = 0;
        app.Run();

        int code = Environment.ExitCode;
        if (AsksForHelp(args))
        {
            // Cocona ends help without a line break and exits with 129; help asked for is a success.
            Console.Out.WriteLine();
            return ExitCodes.Success;
        }

        // Cocona exits 1 or 129 when it rejects the command line; no command body ran then.
        return code != ExitCodes.Success && !state.Started ? ExitCodes.Usage : signals.ExitCode(code);
    }

    /// <summary>Whether the command line asks for help (-h or --help before any "--").</summary>
    internal static bool AsksForHelp(IReadOnlyList<string> args)
    {
        foreach (string a in args)
        {
            if (a == "--") return false;
            if (a is "-h" or "--help") return true;
        }
        return false;
    }
}
