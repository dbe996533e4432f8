using Backtest.Strategy;

namespace Backtest.Simulation;

/// <summary>
/// The run's execution parameters as <see cref="PositionAccount"/> reads them, with the switches derived once (an event
/// path reads them at every fill).
/// </summary>
public readonly record struct AccountSettings
{
    public AccountSettings(StrategyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters;
        UseStop = parameters.StopLossPct > 0;
        UseTarget = parameters.TakeProfitPct > 0;
        UseTime = parameters.MaxHoldBars > 0;
        FillAtClose = parameters.Fill == FillMode.Close;
        Orders = OrderFactors.Of(parameters);
    }

    public StrategyParameters Parameters { get; }

    public bool UseStop { get; }

    public bool UseTarget { get; }

    public bool UseTime { get; }

    public bool Protective => UseStop || UseTarget;

    public bool FillAtClose { get; }

    /// <summary>The factors of fill prices, fees, sizing and protective levels, divided out once.</summary>
    public OrderFactors Orders { get; }
}
