using Backtest.Optimization;

namespace Backtest.WalkForward;

/// <summary>
/// One symbol in one fold: the combination chosen for it (the universe's, or its own with --select symbol),
/// its in-sample value of the metric on the train window (null when it was not optimized there, or the
/// metric is undefined) and its out-of-sample run on the test window (null without test bars).
/// </summary>
public sealed record FoldSymbol(string Symbol, GridCombination Combination, double? InSample, OutOfSampleRun? OutOfSample);
