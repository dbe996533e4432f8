using System.Globalization;
using Backtest.Cli.Terminal;
using Backtest.Runs;
using Spectre.Console;

namespace Backtest.Cli.Running;

/// <summary>
/// Shows a long run's progress on stderr (stdout stays the report's alone): a live bar (Spectre.Console) on an
/// interactive terminal, plain lines at most every <see cref="LineInterval"/> otherwise (and always for the
/// first and the last batch), or nothing.
/// </summary>
public abstract class ProgressDisplay
{
    public static readonly TimeSpan LineInterval = TimeSpan.FromSeconds(10);

    public static readonly string[] Modes = ["auto", "bar", "lines", "none"];

    /// <summary>The display for a --progress word (already checked), writing to <paramref name="stderr"/>.</summary>
    public static ProgressDisplay For(string mode, bool quiet, TextWriter stderr)
    {
        mode = mode.ToLowerInvariant();
        if (quiet || mode == "none") return new NoProgress();
        bool terminal = ReferenceEquals(TerminalSafeWriter.Unwrap(stderr), Console.Error) && !Console.IsErrorRedirected
            && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb") && Environment.GetEnvironmentVariable("CI") is null;
        return mode == "bar" || (mode == "auto" && terminal) ? new BarProgress(stderr) : new LineProgress(stderr, LineInterval);
    }

    /// <summary>Runs <paramref name="work"/>, handing it the sink its progress goes to.</summary>
    public abstract T Run<T>(string title, Func<IProgress<RunProgress>?, T> work);

    public static string Describe(RunProgress p)
    {
        var inv = CultureInfo.InvariantCulture;
        string eta = p.Eta is { } e ? $", ETA {Time(e)}" : "";
        string verb = p.Phase switch { "scanning" => "scanned", "importing" => "imported", _ => "done" };
        return string.Create(inv,
            $"{p.SymbolsDone:N0} of {p.SymbolsTotal:N0} symbols {verb} (batch {p.BatchesDone} of {p.Batches}), {Bars(p.BarsDone)} bars, {Bars((long)p.BarsPerSecond)} bars/s, {Time(p.Elapsed)} elapsed{eta}");
    }

    private static string Bars(long n) => n >= 10_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{n / 1e6:F1}M")
        : n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(TimeSpan t) => t.TotalHours >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:D2}:{t.Seconds:D2}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:D2}");

    private sealed class NoProgress : ProgressDisplay
    {
        public override T Run<T>(string title, Func<IProgress<RunProgress>?, T> work) => work(null);
    }

    private sealed class LineProgress(TextWriter stderr, TimeSpan interval) : ProgressDisplay
    {
        public override T Run<T>(string title, Func<IProgress<RunProgress>?, T> work)
        {
            var sink = new Sink(p =>
            {
                stderr.WriteLine($"{title}: {Describe(p)}");
            }, interval);
            return work(sink);
        }

        private sealed class Sink(Action<RunProgress> write, TimeSpan interval) : IProgress<RunProgress>
        {
            private readonly object _gate = new();
            private TimeSpan _last = TimeSpan.MinValue;

            public void Report(RunProgress value)
            {
                lock (_gate)
                {
                    bool edge = value.BatchesDone <= 1 || value.BatchesDone == value.Batches;
                    if (!edge && value.Elapsed - _last < interval) return;
                    _last = value.Elapsed;
                    write(value);
                }
            }
        }
    }

    private sealed class BarProgress(TextWriter stderr) : ProgressDisplay
    {
        public override T Run<T>(string title, Func<IProgress<RunProgress>?, T> work)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(TerminalSafeWriter.Unwrap(stderr)),   // the bar's own escape sequences
                Interactive = InteractionSupport.Yes,
                Ansi = AnsiSupport.Detect,
            });
            T result = default!;
            console.Progress()
                .AutoClear(false)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(Markup.Escape(title), autoStart: true, maxValue: 1);
                    result = work(new Sink(task, title));
                    task.Value = task.MaxValue;
                });
            return result;
        }

        private sealed class Sink(ProgressTask task, string title) : IProgress<RunProgress>
        {
            public void Report(RunProgress p)
            {
                task.MaxValue = Math.Max(1, p.BarsTotal);
                task.Value = Math.Min(p.BarsDone, task.MaxValue);
                task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{title}: {p.SymbolsDone:N0}/{p.SymbolsTotal:N0} symbols, {Bars((long)p.BarsPerSecond)} bars/s"));
            }
        }
    }
}
