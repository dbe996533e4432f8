using Backtest.Engines;
using Backtest.Simulation;
using Backtest.Strategy;

namespace Backtest.Fused;

/// <summary>
/// The run's execution parameters as the fused walk and its event pass read them, derived once per run (its f32
/// tolerances are <see cref="KernelRules"/>', which the Metal plugin shares).
/// </summary>
public readonly record struct KernelSettings
{
    /// <summary>
    /// A price within this relative distance of a stop or target makes the bar an event; the exact
    /// test of spec §4 then runs in f64. It only has to cover an f32 rounding of the level (6e-8).
    /// </summary>
    public const double ProtectiveMargin = 1e-6;

    public required StrategyParameters Parameters
    {
        get => Account.Parameters;
        init => Account = new AccountSettings(value);
    }

    /// <summary>The precision the kernel computes in.</summary>
    public Engines.Precision Precision { get; init; }

    /// <summary>The execution parameters as the event pass's <see cref="PositionAccount"/> reads them, derived once.</summary>
    public AccountSettings Account { get; private init; }

    public bool UseStop => Account.UseStop;

    public bool UseTarget => Account.UseTarget;

    public bool UseTime => Account.UseTime;

    public bool Protective => Account.Protective;

    /// <summary>A low at or below this may reach the stop (tolerance as <see cref="KernelRules.ProtectiveEpsilon"/>).</summary>
    public static double StopScreen(double stop, double tolerance) => stop * (1 + tolerance) * (1 + ProtectiveMargin);

    /// <summary>A high at or above this may reach the target.</summary>
    public static double TargetScreen(double target, double tolerance) => target * (1 - tolerance) * (1 - ProtectiveMargin);
}
