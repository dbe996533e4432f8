using Backtest.Data;

namespace Backtest.Results;

/// <summary>
/// Everything a run produced: run info, per-symbol results with their series, the summary, the symbols
/// skipped and why, and the load account. The writers and the console report read only this.
/// </summary>
public sealed record RunReport
{
    public required RunInfo Run { get; init; }
    public required IReadOnlyList<SymbolReport> Symbols { get; init; }
    public required RunSummary Summary { get; init; }
    public required IReadOnlyList<SkippedSymbol> Skipped { get; init; }
    public LoadAccount Load { get; init; } = LoadAccount.None;
}
