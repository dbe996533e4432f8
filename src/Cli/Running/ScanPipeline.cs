using System.Diagnostics;
using System.Globalization;
using Backtest.Data;
using Backtest.Data.Sources;
using Backtest.Runs;

namespace Backtest.Cli.Running;

/// <summary>
/// `bt data scan`: plan the source, read each batch (nothing else runs), and print one line of counts and speed:
/// bar data is 48 bytes a bar (time, open, high, low, close, volume), the read time is the batches' alone.
/// </summary>
public sealed class ScanPipeline(CliServices services, TextWriter stdout, TextWriter stderr)
{
    public int Execute(string source, string? db, int dbTimeout, string? memoryBudget, int? batchSize, (int Symbols, int Days, int Seed) synthetic, CancellationToken cancellationToken)
    {
        long budget = MemoryBudget.Default;
        if (memoryBudget is not null && !MemoryBudget.TryParse(memoryBudget, out budget))
        {
            stderr.WriteLine($"bt data scan: --memory-budget must be a size such as 512MB, 8GiB or 40% (got '{memoryBudget}').");
            return ExitCodes.Usage;
        }
        if (DbTimeoutOption.Check(dbTimeout) is { } dbTimeoutProblem)
        {
            stderr.WriteLine($"bt data scan: {dbTimeoutProblem}");
            return ExitCodes.Usage;
        }
        if (batchSize is < 0)
        {
            stderr.WriteLine($"bt data scan: --batch-size must be at least 0 (got {batchSize}).");
            return ExitCodes.Usage;
        }

        try
        {
            using var opened = (string.Equals(source, SyntheticBarSource.Word, StringComparison.OrdinalIgnoreCase)
                    ? services.Data.OpenSynthetic(synthetic.Symbols, synthetic.Days, synthetic.Seed)
                    : services.Data.OpenSource(source, db, dbTimeout, w => stderr.WriteLine($"bt data scan: warning: {w}"), cancellationToken))
                ?? throw new NotInThisBuildException("bt data scan is not part of this build.");
            var total = Stopwatch.StartNew();
            var request = new LoadRequest { Path = source, MemoryBudget = budget };
            var plan = opened.Plan(request, cancellationToken);
            var batches = BatchPlanner.For(plan, opened, budget, batchSize, enforce: memoryBudget is not null);
            double read = 0;
            long bars = 0;
            int series = 0, skipped = plan.Skipped.Count, issues = 0, skippedFiles = 0;
            foreach (var b in batches)
            {
                long t0 = Stopwatch.GetTimestamp();
                var load = opened.LoadBatch(plan, b.From, b.Count, plan.Window ?? (batches.Count == 1 ? null : TimeWindow.Bounds(request)), cancellationToken);
                read += Stopwatch.GetElapsedTime(t0).TotalSeconds;
                bars += load.Series.Sum(s => (long)s.Count);
                series += load.Series.Count;
                skipped += load.Skipped.Count;
                issues += load.Issues.Count;
                skippedFiles += load.SkippedFiles.Count;
                load = null!;
                if (batches.Count > 1) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            }

            double mb = bars * 48 / 1e6;
            string files = skippedFiles > 0 ? string.Create(CultureInfo.InvariantCulture, $", {skippedFiles:N0} skipped file(s) (see docs/data.md)") : "";
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{opened.Description}: {series:N0} symbols, {bars:N0} bars ({mb:N0} MB of bar data) in {batches.Count:N0} batch(es); " +
                $"read in {read:F2} s: {mb / Math.Max(read, 1e-9):N0} MB/s, {bars / Math.Max(read, 1e-9) / 1e6:F2}M bars/s on {Environment.ProcessorCount} core(s) " +
                $"({total.Elapsed.TotalSeconds:F2} s in all); {skipped:N0} skipped, {issues:N0} load issue(s){files}."));
            return ExitCodes.Success;
        }
        catch (DataLoadException e)
        {
            stderr.WriteLine($"bt data scan: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (NotInThisBuildException e)
        {
            stderr.WriteLine($"bt data scan: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            stderr.WriteLine("bt data scan: cancelled.");
            return ExitCodes.Cancelled;
        }
    }
}
