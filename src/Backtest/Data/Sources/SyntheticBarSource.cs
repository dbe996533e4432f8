using System.Globalization;
using System.Text.RegularExpressions;
using Backtest.Data.Synthetic;

namespace Backtest.Data.Sources;

/// <summary>
/// The built-in synthetic universe as a source read in batches: each symbol is generated when its batch is
/// loaded, so a universe of any size (<c>bt data import synthetic --synth-symbols 3000 --synth-days 252</c>) fits
/// any memory budget. Windows, tickers and limit apply as to files.
/// </summary>
/// <param name="description">run.data; by default <c>synthetic(symbols=N, days=D, seed=S)</c>.</param>
public sealed partial class SyntheticBarSource(SyntheticUniverseOptions options, string? description = null) : IFingerprintedSource
{
    private List<int>? _selected;

    public const string Word = "synthetic";

    public SyntheticUniverseOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Description => description ?? Canonical;

    // The options in one spelling whatever the caller named them (the CLI writes a negative --seed as given).
    private string Canonical => string.Create(CultureInfo.InvariantCulture, $"synthetic(symbols={Options.Symbols}, days={Options.Days}, seed={Options.Seed})");

    public string Kind => Word;

    public string Location => Description;

    /// <summary>The generated series and, for a window, its slice.</summary>
    public int LoadBytesPerBar => 96;

    /// <summary>The options a <see cref="Description"/> names, or null.</summary>
    public static SyntheticUniverseOptions? FromDescription(string text)
    {
        var m = DescriptionPattern().Match(text);
        return m.Success
            ? new SyntheticUniverseOptions
            {
                Symbols = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
                Days = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                // The CLI names a negative --seed as given (seed=-1); it stands for the same 64-bit seed.
                Seed = m.Groups[3].Value.StartsWith('-')
                    ? unchecked((ulong)long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture))
                    : ulong.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture),
            }
            : null;
    }

    [GeneratedRegex(@"^synthetic\(symbols=(\d+), days=(\d+), seed=(-?\d+)\)$")]
    private static partial Regex DescriptionPattern();

    public SourcePlan Plan(LoadRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Options.Validate();
        var byName = Enumerable.Range(0, Options.Symbols).ToDictionary(SyntheticUniverse.SymbolName, i => i, StringComparer.OrdinalIgnoreCase);
        var skipped = new List<SkippedSymbol>();
        List<int> selected;
        if (request.Tickers is { } tickers)
        {
            selected = [];
            foreach (var t in tickers.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (byName.TryGetValue(t, out int i)) selected.Add(i);
                else skipped.Add(new SkippedSymbol(t, $"no data found ({t} is not a symbol of {Description})"));
            }
        }
        else
        {
            selected = [.. Enumerable.Range(0, Options.Symbols)];
        }

        if (request.Limit is int n && selected.Count > n) selected = selected.Take(n).ToList();
        _selected = selected;
        long bars = (long)Options.Days * SyntheticUniverseOptions.BarsPerDay;
        return new SourcePlan
        {
            Request = request,
            Symbols = selected.Select(i => new PlannedSymbol(SyntheticUniverse.SymbolName(i), bars)).ToList(),
            Skipped = skipped,
            Window = Window(request, selected),
        };
    }

    // Every symbol has the same sessions, so the --days reference is the last bar at or before End of any one.
    private TimeWindow Window(LoadRequest request, List<int> selected)
    {
        if (request.Days == null || selected.Count == 0) return TimeWindow.Bounds(request);
        var times = SyntheticUniverse.GenerateSymbol(Options, selected[0]).Times;
        long end = TimeWindow.Bounds(request).EndMs;
        int last = end == long.MaxValue ? times.Length - 1 : TimeWindow.LowerBound(times.Length, k => times[k], end + 1) - 1;
        return TimeWindow.WithReference(request, last >= 0 ? times[last] : null);
    }

    public LoadResult LoadBatch(SourcePlan plan, int from, int count, TimeWindow? window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var selected = _selected ?? throw new InvalidOperationException("Plan the source before loading it.");
        var generated = new BarSeries[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken },
            i => generated[i] = SyntheticUniverse.GenerateSymbol(Options, selected[from + i]));
        var clean = generated.Select(s => (CleanSeries?)new CleanSeries(s.Times, s.Open, s.High, s.Low, s.Close, s.Volume, 0)).ToArray();
        var w = window ?? TimeWindow.Resolve(plan.Request, clean);
        var series = new List<BarSeries>();
        var stats = new List<SymbolLoadStats>();
        var skipped = new List<SkippedSymbol>();
        foreach (var s in generated)
        {
            var (first, n) = w.Range(s.Times);
            stats.Add(new SymbolLoadStats(s.Symbol, Description, s.Count, 0, 0, s.Count - n, n));
            if (n == 0) skipped.Add(new SkippedSymbol(s.Symbol, BarLoader.NoBarsInWindow(w, s.Count, s.Times[0], s.Times[^1])));
            else series.Add(first == 0 && n == s.Count ? s : s.Slice(first, n));
        }

        return new LoadResult { Series = series, Issues = [], Stats = stats, Skipped = skipped, Source = Description, WindowStart = w.StartInstant, WindowEnd = w.EndInstant };
    }

    /// <summary>The universe is a pure function of its options: they are its whole fingerprint.</summary>
    public SortedDictionary<string, string> Fingerprint(SourcePlan plan, CancellationToken cancellationToken) =>
        new(StringComparer.Ordinal) { ["options"] = Canonical };

    public void Dispose()
    {
    }
}
