using System.Globalization;
using Backtest.Data;
using Backtest.Data.Gaps;

namespace Backtest.Results;

/// <summary>
/// The console lines on gaps, the same for `bt run`, `bt optimize` and `bt walkforward`: how many gaps longer than
/// --max-gap in how many symbols, what was done about them, and the longest few (every one is in the JSON report).
/// Nothing when there is none. Symbols are written as they are: the CLI's terminal writer (TerminalSafeWriter) escapes control characters.
/// </summary>
public static class GapConsoleWriter
{
    public const int ListedGaps = 5;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(TextWriter w, GapReport? gaps, string jsonFile)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (gaps is null || gaps.Count == 0) return;
        int count = gaps.Count, symbols = gaps.Symbols.Count;
        string treatment = gaps.Policy.Split
            ? "each side backtested on its own as SYM#1, SYM#2, ... (--split-at-gaps)"
            : "positions are held across them; --split-at-gaps backtests each side on its own";
        w.WriteLine($"Gaps longer than {DurationText.Format(gaps.Policy.MaxGapMs)}: {count.ToString("N0", Inv)} in {symbols.ToString("N0", Inv)} symbol{(symbols == 1 ? "" : "s")}; {treatment}");
        var longest = gaps.Longest(ListedGaps);
        foreach (var (symbol, gap) in longest)
            w.WriteLine($"  {symbol}: {UnixTime.ToIso(gap.LastBarMs)} .. {UnixTime.ToIso(gap.NextBarMs)} ({gap.Days.ToString("N1", Inv)} days)");
        if (count > longest.Count) w.WriteLine($"  ... and {(count - longest.Count).ToString("N0", Inv)} more in {jsonFile}");
    }
}
