using System.Diagnostics;
using System.Runtime.InteropServices;
using Backtest.Cli.Running;
using Xunit;

namespace Backtest.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class StopSignalTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "bt-signal-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    public static TheoryData<string> Commands => new()
    {
        "run --synth-symbols 20 --synth-days 2 --out OUT",
        "optimize --synth-symbols 20 --synth-days 2 --grid sma-fast=10,15 --out OUT",
        "walkforward --synth-symbols 20 --synth-days 4 --train 2 --test 1 --grid sma-fast=10,15 --out OUT",
        "bench --symbols 20 --bars 2000 --reps 1 --ceiling none --json OUT/bench.json",
        "data synth --symbols 20 --days 2 --out OUT",
        "data import synthetic --synth-symbols 20 --synth-days 2 --out OUT/cache.btc",
        "data scan synthetic --synth-symbols 20 --synth-days 2",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_stopped_by_sigterm_says_cancelled_exits_143_and_writes_nothing(string line)
    {
        using var signals = StopSignals.Ignored();
        signals.Stop(PosixSignal.SIGTERM);
        string[] args = line.Replace("OUT", _dir, StringComparison.Ordinal).Split(' ');
        var r = Bt.Run(null, signals, args);
        Assert.True(r.ExitCode == 143, r.ToString());
        Assert.Contains("cancelled", r.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir) && Directory.EnumerateFileSystemEntries(_dir).Any(), $"{line} wrote into {_dir}");
    }

    [Fact]
    public void Ctrl_c_exits_130()
    {
        using var signals = StopSignals.Ignored();
        signals.Stop(PosixSignal.SIGINT);
        var r = Bt.Run(null, signals, "run", "--synth-symbols", "5", "--synth-days", "2", "--out", _dir);
        Assert.True(r.ExitCode == 130, r.ToString());
        Assert.False(Directory.Exists(_dir));
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public void A_real_bt_process_stops_promptly_at_a_signal_with_its_exit_code_and_no_output(string signal, int exitCode)
    {
        Assert.SkipWhen(signal == "INT" && InheritsIgnoredSigint(),
            "SIGINT is ignored by this test process (it runs as a background job of a shell without job control), and bt inherits that as every program does");
        // Big enough to take minutes: the signal comes while it reads and backtests.
        var (code, error, _) = RunAndSignal(signal, "Reading", "run", "--synth-symbols", "9999", "--synth-days", "250", "--progress", "lines", "--out", _dir);
        Assert.True(code == exitCode, $"exit {code}\n{error}");
        Assert.Contains("bt run: cancelled.", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "results.json")));
    }

    [Theory]
    [InlineData("No --data: generating", "bt optimize: cancelled.", "optimize --synth-symbols 2000 --synth-days 30 --grid sma-fast=5:15:1 --out OUT")]
    public void Generating_the_synthetic_bars_observes_the_signal(string startedLine, string cancelled, string line)
    {
        // Without the token the generation ran on until the grace period ran out. (bt bench's generation, which takes
        // the token too, is too short in a Debug build for a signal to land in it reliably; its kernels, unoptimized,
        // check the token only between chunks of seconds.)
        var (code, error, _) = RunAndSignal("TERM", startedLine, line.Replace("OUT", _dir, StringComparison.Ordinal).Split(' '));
        Assert.True(code == 143, $"exit {code}\n{error}");
        Assert.Contains(cancelled, error, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped without waiting", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_that_does_not_observe_the_token_is_stopped_after_the_grace_period()
    {
        // A "database" that accepts the connection and never answers.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        int port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var (code, error, elapsed) = RunAndSignal("TERM", "Reading", "run", "--db", $"postgresql://u:p@127.0.0.1:{port}/db", "--out", _dir);
        Assert.True(code == 143, $"exit {code}\n{error}");
        Assert.True(elapsed < StopSignals.Grace + TimeSpan.FromSeconds(5), $"stopped {elapsed} after the signal");
        Assert.False(Directory.Exists(_dir));
    }

    /// <summary>
    /// Whether SIGINT is ignored here (SigIgn in /proc/self/status, Linux: signal n is bit n - 1): a shell without job control
    /// starts its background jobs so, the runtime keeps an inherited ignore, and a child bt would never see Ctrl-C.
    /// </summary>
    private static bool InheritsIgnoredSigint()
    {
        const int SigintNumber = 2;
        if (!OperatingSystem.IsLinux()) return false;
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (SigintNumber - 1))) != 0;
    }

    /// <summary>Starts bt.dll, sends SIGTERM or SIGINT once stderr shows <paramref name="startedLine"/>; its exit code, stderr and how long it took to stop.</summary>
    private static (int Code, string Error, TimeSpan Elapsed) RunAndSignal(string signal, string startedLine, params string[] args)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "POSIX signals: Linux and macOS only.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bt.dll"));
        foreach (string a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = new System.Text.StringBuilder();
        using var started = new ManualResetEventSlim();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            if (e.Data.StartsWith(startedLine, StringComparison.Ordinal)) started.Set();
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            Assert.True(started.Wait(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken), $"bt did not print '{startedLine}' within 60 s");
            Thread.Sleep(500);
            using (var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
            var sent = Stopwatch.StartNew();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "bt did not stop within 30 s of the signal");
            var elapsed = sent.Elapsed;
            process.WaitForExit();
            lock (stderr) return (process.ExitCode, stderr.ToString(), elapsed);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }
}
