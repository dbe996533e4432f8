using System.Runtime.InteropServices;

namespace Backtest.Cli.Running;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for the whole process: the first one cancels <see cref="Token"/>, which every command
/// passes down to its loaders and engines, and the command ends with its "cancelled." line and exit 130 (SIGINT) or
/// 143 (SIGTERM), writing no output. A command that has not ended <see cref="Grace"/> after the signal (a read that
/// does not observe the token) is stopped without waiting, as is everything at a second signal: outputs are replaced
/// as a set (<see cref="Backtest.Results.OutputFileSet"/>), so stopping never leaves a half-written one.
/// </summary>
public sealed partial class StopSignals : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private readonly TextWriter _stderr;
    private int _received; // the PosixSignal received first, 0 before any

    private StopSignals(TextWriter stderr) => _stderr = stderr;

    /// <summary>Cancelled at the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Received => _received == 0 ? null : (PosixSignal)_received;

    /// <summary>Handles SIGINT and SIGTERM for this process until disposed.</summary>
    public static StopSignals Listen(TextWriter stderr)
    {
        var signals = new StopSignals(stderr);
        signals._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, signals.OnSignal));
        signals._registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, signals.OnSignal));
        return signals;
    }

    /// <summary>A token no signal reaches (commands run in-process by tests).</summary>
    public static StopSignals Ignored() => new(TextWriter.Null);

    /// <summary>The exit code of the process: a command cancelled by a signal exits 128 + the signal's number.</summary>
    public int ExitCode(int commandCode) =>
        commandCode == ExitCodes.Cancelled && Received is { } signal ? SignalExitCode(signal) : commandCode;

    public static int SignalExitCode(PosixSignal signal) => signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Cancelled;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }

    /// <summary>
    /// What a signal does, without the stop-without-waiting of a real one (tests use it): cancels <see cref="Token"/> and
    /// records <paramref name="signal"/> for <see cref="ExitCode"/>.
    /// </summary>
    public void Stop(PosixSignal signal)
    {
        if (Interlocked.CompareExchange(ref _received, (int)signal, 0) == 0) _source.Cancel();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Not the runtime's default (terminate now): the command stops itself and says so.
        context.Cancel = true;
        var signal = context.Signal;
        if (Interlocked.CompareExchange(ref _received, (int)signal, 0) != 0)
        {
            StopNow($"bt: {Name(signal)} again: stopped without waiting.", (PosixSignal)_received);
            return;
        }
        // Threads of their own, not the thread pool's: the engines keep every pool thread busy, and a queued
        // cancellation waited seconds for one. Cancellation callbacks run on the thread that cancels.
        new Thread(_source.Cancel) { IsBackground = true, Name = "bt stop" }.Start();
        new Thread(() =>
        {
            Thread.Sleep(Grace);
            StopNow($"bt: still running {Grace.TotalSeconds:0} s after {Name(signal)}: stopped without waiting.", signal);
        }) { IsBackground = true, Name = "bt stop watchdog" }.Start();
    }

    private void StopNow(string message, PosixSignal signal)
    {
        _stderr.WriteLine(message);
        _stderr.Flush();
        Console.Out.Flush();
        int code = SignalExitCode(signal);
        // Environment.Exit runs the process-exit handlers, and the host under Cocona waits in one of them for the
        // command that is not ending: leave at once instead.
        if (OperatingSystem.IsWindows()) Environment.Exit(code);
        else NativeExit(code);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void NativeExit(int code);

    private static string Name(PosixSignal signal) => signal == PosixSignal.SIGINT ? "Ctrl-C (SIGINT)" : signal.ToString();
}
