namespace Backtest.WalkForward;

/// <summary>
/// One walk-forward fold: the train window, then the test window that follows it, as half-open intervals
/// [start, end) of UTC instants in Unix milliseconds, each starting at 00:00Z. <see cref="Number"/> counts from 1.
/// </summary>
public readonly record struct Fold(int Number, long TrainStart, long TrainEnd, long TestStart, long TestEnd);
