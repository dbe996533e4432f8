using Microsoft.Extensions.Hosting;

namespace Backtest.Cli.Running;

/// <summary>
/// The host lifetime under Cocona, without the console lifetime's own Ctrl-C and SIGTERM handling: that one stopped the
/// host 5 s after Ctrl-C whether or not the command had ended, and the process exited 0 with no message while the
/// command was still reading. <see cref="StopSignals"/> handles the signals instead.
/// </summary>
internal sealed class SignalFreeLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
