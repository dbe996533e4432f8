using Backtest.Cli.Terminal;
using Cocona.Filters;

namespace Backtest.Cli.Running;

/// <summary>
/// A command that runs out of memory ends with one line saying so and what to try, exit 1, instead of the runtime's
/// stack trace (run, optimize and walkforward commit their outputs only when they complete,
/// <see cref="Results.OutputFileSet"/>; the bar cache's writer removes its temporary file).
/// </summary>
internal sealed class OutOfMemoryFilter : ICommandFilter
{
    public async ValueTask<int> OnCommandExecutionAsync(CoconaCommandExecutingContext ctx, CommandExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(ctx).ConfigureAwait(false);
        }
        catch (Exception e) when (IsOutOfMemory(e))
        {
            double gib = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30);
            TerminalSafeWriter.Error.WriteLine(
                $"bt: out of memory ({gib:F1} GiB available to this process). Run fewer symbols or bars (--limit, --days, --synth-symbols), or --precision f32.");
            return ExitCodes.Failure;
        }
    }

    /// <summary>The exception, or one it wraps (parallel loops gather their workers' exceptions), is an <see cref="OutOfMemoryException"/>.</summary>
    private static bool IsOutOfMemory(Exception e) => e switch
    {
        OutOfMemoryException => true,
        AggregateException a => a.Flatten().InnerExceptions.Any(IsOutOfMemory),
        _ => e.InnerException is { } inner && IsOutOfMemory(inner),
    };
}
