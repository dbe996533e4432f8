using Backtest.Strategy;

namespace Backtest.Simulation;

/// <summary>The run's execution parameters as <see cref="PositionAccount"/> reads them, with the switches derived once.</summary>
public readonly record struct AccountSettings(StrategyParameters Parameters)
{
    public bool UseStop => Parameters.StopLossPct > 0;

    public bool UseTarget => Parameters.TakeProfitPct > 0;

    public bool UseTime => Parameters.MaxHoldBars > 0;

    public bool Protective => UseStop || UseTarget;

    public bool FillAtClose => Parameters.Fill == FillMode.Close;
}
