using System.Globalization;
using Backtest.Data.Sources;

namespace Backtest.Runs;

/// <summary>A contiguous range of a plan's symbols, read and computed together.</summary>
public readonly record struct Batch(int From, int Count, long EstimatedBars);

/// <summary>
/// Cuts a plan's symbols into batches: <c>--batch-size N</c> symbols each (0 = one batch), or as many symbols as
/// keep two batches in flight (one loading while the other computes) within the memory budget. A symbol larger
/// than a batch on its own gets a batch of its own: a series is never split.
/// </summary>
public static class BatchPlanner
{
    /// <summary>
    /// Bytes per bar an engine needs beyond the series: a bar panel in f64 (32 bytes: open, high, low, close; 40 with the
    /// volume a strategy reading volume or obv adds) with some raggedness, indicator scratch.
    /// </summary>
    public const int EngineBytesPerBar = 96;

    /// <summary>Bytes per bar a loaded series holds (time, open, high, low, close, volume).</summary>
    public const int SeriesBytesPerBar = 48;

    /// <summary>Kept out of the budget for the runtime, the results and the trades.</summary>
    public const long ReserveBytes = 256L << 20;

    /// <summary>Bytes one bar of a batch costs at the peak: the batch computing (series + engine) while the next one loads (the loader's peak).</summary>
    public static long BytesPerBar(int loadBytesPerBar) => SeriesBytesPerBar + EngineBytesPerBar + Math.Max(loadBytesPerBar, SeriesBytesPerBar);

    /// <summary>The most bars one batch may hold under <paramref name="budgetBytes"/>, once the reserve and the source's fixed bytes are set aside.</summary>
    public static long BarsPerBatch(long budgetBytes, int loadBytesPerBar, long fixedLoadBytes = 0) =>
        Math.Max(1, (budgetBytes - ReserveBytes - fixedLoadBytes) / BytesPerBar(loadBytesPerBar));

    /// <summary>
    /// The memory a plan needs at its peak by the model above: the reserve, the source's fixed bytes, and the worst
    /// moment of the run, a batch computing while the next one loads (each costs <see cref="BytesPerBar"/> a bar at most).
    /// </summary>
    public static long PeakBytes(IReadOnlyList<Batch> batches, int loadBytesPerBar, long fixedLoadBytes)
    {
        ArgumentNullException.ThrowIfNull(batches);
        long computing = SeriesBytesPerBar + EngineBytesPerBar, loading = Math.Max(loadBytesPerBar, SeriesBytesPerBar);
        long worst = batches.Count == 0 ? 0 : batches[0].EstimatedBars * loading;   // the first batch loading alone
        for (int i = 0; i < batches.Count; i++)
        {
            long next = i + 1 < batches.Count ? batches[i + 1].EstimatedBars : 0;
            worst = Math.Max(worst, (batches[i].EstimatedBars * computing) + (next * loading));
        }
        return ReserveBytes + fixedLoadBytes + worst;
    }

    /// <summary>
    /// The smallest budget (to a MiB) under which the batches sized from that budget fit by <see cref="PeakBytes"/>.
    /// A symbol is never split, so the largest must at least compute alone; with room for it to compute beside a
    /// batch as large loading, every plan fits. Between the two, the budget is searched for.
    /// </summary>
    public static long SmallestBudget(IReadOnlyList<PlannedSymbol> symbols, int loadBytesPerBar, long fixedLoadBytes)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        long largest = symbols.Count == 0 ? 1 : symbols.Max(s => Math.Max(1, s.EstimatedBars));
        long fits = ReserveBytes + fixedLoadBytes + (largest * BytesPerBar(loadBytesPerBar));
        long fails = ReserveBytes + fixedLoadBytes + (largest * (SeriesBytesPerBar + EngineBytesPerBar)) - 1;
        while (fits - fails > 1 << 20)
        {
            long mid = fails + ((fits - fails) / 2);
            if (PeakBytes(Plan(symbols, mid, loadBytesPerBar, null, fixedLoadBytes), loadBytesPerBar, fixedLoadBytes) <= mid) fits = mid;
            else fails = mid;
        }
        return fits;
    }

    /// <summary>
    /// Why <paramref name="batches"/> cannot be held within <paramref name="budgetBytes"/> (an explicit --memory-budget),
    /// with the smallest budget that works; null when they fit. With <c>--batch-size</c> the batches are the user's, so
    /// the message offers both ways out; a plan that is not <paramref name="batchable"/> is one batch whatever is asked.
    /// </summary>
    public static string? BudgetProblem(IReadOnlyList<PlannedSymbol> symbols, IReadOnlyList<Batch> batches, long budgetBytes, int loadBytesPerBar,
        long fixedLoadBytes, int? batchSize, bool batchable = true)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(batches);
        long peak = PeakBytes(batches, loadBytesPerBar, fixedLoadBytes);
        if (peak <= budgetBytes) return null;
        string budget = MemoryBudget.Format(budgetBytes);
        if (!batchable)
        {
            long bars = batches.Sum(b => b.EstimatedBars);
            return $"this data can only be read in one batch ({bars:N0} bars: one file, or a folder whose files name other symbols), " +
                $"which needs about {MemoryBudget.FormatUp(peak)}: more than --memory-budget {budget}. Give --memory-budget {MemoryBudget.FormatUp(peak)} or more.";
        }

        if (batchSize is int size)
        {
            var largest = batches.MaxBy(b => b.EstimatedBars);
            string what = size == 0 ? $"--batch-size 0 reads all {largest.Count:N0} symbols ({largest.EstimatedBars:N0} bars) in one batch"
                : $"--batch-size {size} makes batches of up to {largest.EstimatedBars:N0} bars";
            return $"{what}, which needs about {MemoryBudget.FormatUp(peak)}: more than --memory-budget {budget}. " +
                $"Leave out --batch-size to size batches from the budget, or give --memory-budget {MemoryBudget.FormatUp(peak)} or more.";
        }

        long minimum = SmallestBudget(symbols, loadBytesPerBar, fixedLoadBytes);
        var big = symbols.MaxBy(s => s.EstimatedBars)!;
        return $"--memory-budget {budget} is too small for this data: {big.Symbol} alone has {big.EstimatedBars:N0} bars, and a symbol is read whole. " +
            $"The smallest budget that works is --memory-budget {MemoryBudget.FormatUp(minimum)}.";
    }

    /// <summary>
    /// The batches of <paramref name="plan"/> read from <paramref name="source"/> (one batch where the plan cannot be
    /// batched); with <paramref name="enforce"/>, a budget the plan cannot hold is refused with the smallest that works.
    /// The one planning step of a run, an import and a scan.
    /// </summary>
    public static IReadOnlyList<Batch> For(SourcePlan plan, IBarSource source, long budgetBytes, int? batchSize, bool enforce)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(source);
        IReadOnlyList<Batch> batches = plan.Batchable
            ? Plan(plan.Symbols, budgetBytes, source.LoadBytesPerBar, batchSize, source.FixedLoadBytes)
            : [new Batch(0, plan.Symbols.Count, plan.Symbols.Sum(s => s.EstimatedBars))];
        if (enforce && BudgetProblem(plan.Symbols, batches, budgetBytes, source.LoadBytesPerBar, source.FixedLoadBytes, batchSize, plan.Batchable) is { } tooSmall)
            throw new Data.DataLoadException(tooSmall);
        return batches;
    }

    public static IReadOnlyList<Batch> Plan(IReadOnlyList<PlannedSymbol> symbols, long budgetBytes, int loadBytesPerBar, int? batchSize, long fixedLoadBytes = 0)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var batches = new List<Batch>();
        if (symbols.Count == 0) return batches;
        if (batchSize is int size)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(size);
            int per = size == 0 ? symbols.Count : size;
            for (int from = 0; from < symbols.Count; from += per)
            {
                int count = Math.Min(per, symbols.Count - from);
                batches.Add(new Batch(from, count, Sum(symbols, from, count)));
            }
            return batches;
        }

        long cap = BarsPerBatch(budgetBytes, loadBytesPerBar, fixedLoadBytes);
        int start = 0;
        long bars = 0;
        for (int i = 0; i < symbols.Count; i++)
        {
            long b = Math.Max(1, symbols[i].EstimatedBars);
            if (i > start && bars + b > cap)
            {
                batches.Add(new Batch(start, i - start, bars));
                start = i;
                bars = 0;
            }
            bars += b;
        }
        batches.Add(new Batch(start, symbols.Count - start, bars));
        return batches;
    }

    private static long Sum(IReadOnlyList<PlannedSymbol> symbols, int from, int count)
    {
        long s = 0;
        for (int i = from; i < from + count; i++) s += symbols[i].EstimatedBars;
        return s;
    }
}

/// <summary>Memory budgets: <c>--memory-budget</c> text and the default share of physical memory.</summary>
public static class MemoryBudget
{
    /// <summary>The share of the memory available to the process used when no budget is given.</summary>
    public const double DefaultShare = 0.25;

    /// <summary>A quarter of the memory the runtime sees as available (physical memory, or the container's limit).</summary>
    public static long Default => (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * DefaultShare);

    /// <summary>
    /// Reads <c>512MB</c>, <c>8GiB</c>, <c>1.5g</c>, <c>2000000000</c> (bytes), <c>40%</c> (of available memory).
    /// K/M/G/T are powers of 1024 with or without "iB"; "B" alone is bytes; "kB", "MB", "GB", "TB" are powers of 1000.
    /// </summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal);
        if (s.EndsWith('%'))
        {
            if (!double.TryParse(s[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double pct) || pct <= 0 || pct > 100) return false;
            bytes = (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * pct / 100);
            return true;
        }

        int i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) return false;
        double scale = s[i..].Trim().ToLowerInvariant() switch
        {
            "" or "b" => 1,
            "k" or "kib" => 1L << 10,
            "m" or "mib" => 1L << 20,
            "g" or "gib" => 1L << 30,
            "t" or "tib" => 1L << 40,
            "kb" => 1e3,
            "mb" => 1e6,
            "gb" => 1e9,
            "tb" => 1e12,
            _ => double.NaN,
        };
        if (double.IsNaN(scale) || value <= 0) return false;
        double b = value * scale;
        if (b >= long.MaxValue) return false;
        bytes = (long)b;
        return true;
    }

    /// <summary>Whole MiB rounded up, in the form --memory-budget reads (a minimum must not be rounded below itself).</summary>
    public static string FormatUp(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{(bytes + (1L << 20) - 1) >> 20}MiB");

    public static string Format(long bytes) => bytes >= 1L << 30
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB")
        : bytes >= 1L << 20
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F0} MiB")
            : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");   // not "0 MiB" for a small budget
}

/// <summary>Where a run stands: what a progress bar or a progress line shows.</summary>
public sealed record RunProgress
{
    /// <summary>"scanning" (the --days pre-pass), "running", "importing", or "done".</summary>
    public required string Phase { get; init; }
    public required int SymbolsDone { get; init; }
    public required int SymbolsTotal { get; init; }
    public required long BarsDone { get; init; }

    /// <summary>Bars expected in all: the batches done as they were, the others as estimated.</summary>
    public required long BarsTotal { get; init; }
    public required int BatchesDone { get; init; }
    public required int Batches { get; init; }
    public required TimeSpan Elapsed { get; init; }

    public double BarsPerSecond => Elapsed.TotalSeconds > 0 ? BarsDone / Elapsed.TotalSeconds : 0;

    /// <summary>Time left at the speed so far; null until a batch is done.</summary>
    public TimeSpan? Eta => BarsDone > 0 && BarsTotal >= BarsDone
        ? TimeSpan.FromSeconds(Elapsed.TotalSeconds * (BarsTotal - BarsDone) / BarsDone)
        : null;
}
