namespace Backtest.Data.Synthetic;

/// <summary>What <see cref="SyntheticCsvWriter.Write"/> wrote: one CSV per symbol (plus the description file, not counted).</summary>
public readonly record struct SyntheticWriteResult(string Directory, int Files, long Bars);
