namespace Backtest.Simulation;

/// <summary>Why a position was closed (spec §4, §7).</summary>
public enum ExitReason : byte
{
    Signal,
    StopLoss,
    TakeProfit,
    Time,
    End,
}

public static class ExitReasonNames
{
    /// <summary>The spec's snake_case name, as written in trades.csv.</summary>
    public static string ToSpecName(this ExitReason reason) => reason switch
    {
        ExitReason.Signal => "signal",
        ExitReason.StopLoss => "stop_loss",
        ExitReason.TakeProfit => "take_profit",
        ExitReason.Time => "time",
        ExitReason.End => "end",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
