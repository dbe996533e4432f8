namespace Backtest.Strategy;

/// <summary>
/// The execution settings of semantics §4-§5 with their defaults: capital, sizing, fees, slippage, fills, protective
/// and time exits, the metrics' periods per year. Protective exits are off when their value is 0.
/// <see cref="PeriodsPerYear"/> null means "inferred per symbol from bar spacing" (spec §5). A strategy's own
/// parameters are its file's (<see cref="Strategies.Language.StrategyInstance.ParameterValues"/>), not here.
/// </summary>
public sealed record StrategyParameters
{
    public double Capital { get; init; } = 100_000;
    public double PositionSize { get; init; } = 0.05;
    public double FeeFixed { get; init; } = 1.0;
    public double FeeBps { get; init; }
    public double SlippageBps { get; init; }
    public FillMode Fill { get; init; } = FillMode.NextOpen;
    public double StopLossPct { get; init; }
    public double TakeProfitPct { get; init; }
    public int MaxHoldBars { get; init; }
    public double? PeriodsPerYear { get; init; }

    public static StrategyParameters Default { get; } = new();

    /// <summary>
    /// The largest capital: with prices of at least <see cref="Data.BarValidator.MinPrice"/> every order is then
    /// at most 1e18 shares, which a long (the share count of every engine) holds exactly.
    /// </summary>
    public const double MaxCapital = 1e10;

    /// <summary>Every violated rule of semantics §4, as one message each, named by the CLI option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void NonNegative(string name, double value)
        {
            if (!(value >= 0) || double.IsInfinity(value)) errors.Add($"--{name} must be a finite number ≥ 0 (got {value}).");
        }

        if (!(Capital > 0) || double.IsInfinity(Capital)) errors.Add($"--capital must be a finite number > 0 (got {Capital}).");
        else if (Capital > MaxCapital) errors.Add($"--capital must be at most {MaxCapital:N0} (got {Capital}): larger orders of the cheapest prices would pass a long's share count.");
        if (!(PositionSize > 0 && PositionSize <= 1)) errors.Add($"--position-size must be in (0, 1] (got {PositionSize}).");
        NonNegative("fee-fixed", FeeFixed);
        NonNegative("fee-bps", FeeBps);
        NonNegative("slippage-bps", SlippageBps);
        if (SlippageBps >= 10_000) errors.Add($"--slippage-bps must be below 10000, or sells would fill at a price ≤ 0 (got {SlippageBps}).");
        NonNegative("stop-loss-pct", StopLossPct);
        NonNegative("take-profit-pct", TakeProfitPct);
        if (MaxHoldBars < 0) errors.Add($"--max-hold-bars must be ≥ 0 (got {MaxHoldBars}).");
        if (PeriodsPerYear is { } p && !(p > 0 && double.IsFinite(p))) errors.Add($"--periods-per-year must be a finite number > 0 (got {p}).");
        return errors;
    }
}
