namespace Backtest.Data.Synthetic;

/// <summary>
/// What the built-in synthetic universe holds. Every default is a fixed value (never the wall clock) so that
/// the same options always give bit-identical bars.
/// </summary>
/// <remarks>
/// Session: 390 one-minute bars a day stamped at the start of their minute, 14:30 … 20:59 UTC, i.e.
/// 09:30–16:00 New York in winter (EST, UTC−5). The offset is fixed all year rather than following daylight
/// saving through <see cref="TimeZoneInfo"/>, because time-zone data differs between machines and the
/// universe must not. Weekends are skipped; exchange holidays are ignored (every weekday is a session).
/// </remarks>
public sealed record SyntheticUniverseOptions
{
    /// <summary>Bars in one session: 09:30–16:00 New York is 390 minutes.</summary>
    public const int BarsPerDay = 390;

    /// <summary>Most symbols: names are SYN0001 … SYN9999, four digits so they sort as text.</summary>
    public const int MaxSymbols = 9_999;

    /// <summary>Most sessions (about 40 years), so that a symbol's bar count stays far below int.MaxValue.</summary>
    public const int MaxDays = 10_000;

    /// <summary>The session opens at 14:30 UTC (09:30 EST); see the remarks on the fixed offset.</summary>
    public static readonly TimeSpan SessionOpenUtc = new(14, 30, 0);

    public int Symbols { get; init; } = 500;

    /// <summary>Trading days (weekdays) generated from <see cref="StartDate"/> on.</summary>
    public int Days { get; init; } = 60;

    public ulong Seed { get; init; } = 42;

    /// <summary>First session (2024-01-02, the first US trading day of 2024); a weekend date starts on the next Monday.</summary>
    public DateOnly StartDate { get; init; } = new(2024, 1, 2);

    /// <summary>
    /// What is wrong with a universe of <paramref name="symbols"/> × <paramref name="days"/>, one line per option, named
    /// as the command line names them (<c>--synth-symbols</c>, <c>--symbols</c>, ...); empty when both are in range.
    /// </summary>
    public static IEnumerable<string> Problems(string symbolsOption, int symbols, string daysOption, int days)
    {
        if (symbols is < 1 or > MaxSymbols) yield return $"{symbolsOption} must be between 1 and {MaxSymbols} (got {symbols}).";
        if (days is < 1 or > MaxDays) yield return $"{daysOption} must be between 1 and {MaxDays} (got {days}).";
    }

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a value is outside its range.</summary>
    public void Validate()
    {
        if (Symbols is < 1 or > MaxSymbols)
            throw new ArgumentOutOfRangeException(nameof(Symbols), Symbols, $"Symbols must be between 1 and {MaxSymbols}.");
        if (Days is < 1 or > MaxDays)
            throw new ArgumentOutOfRangeException(nameof(Days), Days, $"Days must be between 1 and {MaxDays}.");
    }
}
