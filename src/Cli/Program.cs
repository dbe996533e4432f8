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
    public static int Main(string[] args) => Run(args);

    /// <summary>
    /// Runs one command line and returns its exit code (docs/cli.md): 0 success, 1 failure, 2 the
    /// command line was rejected before anything ran, 130 cancelled. Uses the current Console.Out and
    /// Console.Error. <paramref name="services"/> replaces the engines and data stage (tests).
    /// </summary>
    public static int Run(string[] args, CliServices? services = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var state = new CommandState();
        var builder = CoconaApp.CreateBuilder(args, options => options.TreatPublicMethodsAsCommands = false);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(services ?? CliServices.CreateDefault());
        builder.Services.AddSingleton(state);
        builder.Services.AddSingleton<ICoconaApplicationMetadataProvider, BtMetadata>();
        var app = builder.Build();
        app.AddCommands<RunCommand>();
        app.AddCommands<BenchCommand>();
        app.AddCommands<OptimizeCommand>();
        app.AddCommands<WalkForwardCommand>();
        app.AddSubCommand("data", data =>
            {
                data.AddCommands<DataSynthCommand>();
                data.AddCommands<DataImportCommand>();
                data.AddCommands<DataScanCommand>();
            })
            .WithDescription("Data tools: `bt data synth` writes the synthetic universe as CSV files; `bt data import` builds a bar cache; `bt data scan` reads a source and reports its speed.");

        Environment.ExitCode = 0;
        // Every line a command prints may quote names from the user's data: escape what a terminal would obey.
        using (TerminalSafeWriter.Install()) app.Run();

        int code = Environment.ExitCode;
        if (AsksForHelp(args))
        {
            // Cocona ends help without a line break and exits with 129; help asked for is a success.
            Console.Out.WriteLine();
            return ExitCodes.Success;
        }

        // Cocona exits 1 or 129 when it rejects the command line; no command body ran then.
        return code != ExitCodes.Success && !state.Started ? ExitCodes.Usage : code;
    }

    private static bool AsksForHelp(string[] args)
    {
        foreach (string a in args)
        {
            if (a == "--") return false;
            if (a is "-h" or "--help") return true;
        }
        return false;
    }
}
