namespace Backtest.Strategy;

/// <summary>When a decision taken at the close of bar k fills (spec §4).</summary>
public enum FillMode
{
    /// <summary>At the open of bar k+1 (the default).</summary>
    NextOpen,

    /// <summary>At the close of bar k (the seed system's behaviour).</summary>
    Close,
}
