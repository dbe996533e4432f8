namespace Backtest.Strategy;

/// <summary>
/// Every parameter of spec §3-§5 with its default. Protective exits are off when their value is 0.
/// <see cref="PeriodsPerYear"/> null means "inferred per symbol from bar spacing" (spec §5).
/// </summary>
public sealed record StrategyParameters
{
    public int SmaFast { get; init; } = 20;
    public int SmaSlow { get; init; } = 50;
    public int RsiPeriod { get; init; } = 14;
    public double RsiLow { get; init; } = 30;
    public double RsiHigh { get; init; } = 70;
    public int BbPeriod { get; init; } = 20;
    public double BbK { get; init; } = 2;
    public int MacdFast { get; init; } = 12;
    public int MacdSlow { get; init; } = 26;
    public int MacdSignal { get; init; } = 9;
    public int WTrend { get; init; } = 3;
    public int WRsi { get; init; } = 4;
    public int WBb { get; init; } = 3;
    public int WMacd { get; init; } = 2;
    public double Threshold { get; init; } = 6;
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

    /// <summary>
    /// W of spec §3: the first bar at which every indicator is defined and a score exists. Counted in long:
    /// periods are valid up to int.MaxValue, and macd_slow + macd_signal − 2 then passes it.
    /// </summary>
    public long Warmup => Math.Max(
        Math.Max(Math.Max(SmaSlow - 1L, SmaFast - 1L), Math.Max(RsiPeriod, BbPeriod - 1L)),
        (long)MacdSlow + MacdSignal - 2);

    /// <summary>
    /// W as a bar index, for the engines: W itself, or <see cref="Array.MaxLength"/> where W is larger. No series
    /// holds more bars than that, so a series never reaches either and no decision is taken, as with the true W.
    /// </summary>
    public int WarmupBars => (int)Math.Min(Warmup, Array.MaxLength);

    /// <summary>
    /// The fewest bars with which a decision can be taken: a score needs bar W and the last bar
    /// never decides, so a series of W+1 bars or fewer can never trade.
    /// </summary>
    public long MinimumBars => Warmup + 2;

    /// <summary>Every violated rule of spec §3, as one message each, named by the CLI option.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Period(string name, int value)
        {
            if (value < 1) errors.Add($"--{name} must be at least 1 (got {value}).");
        }
        void NonNegative(string name, double value)
        {
            if (!(value >= 0) || double.IsInfinity(value)) errors.Add($"--{name} must be a finite number ≥ 0 (got {value}).");
        }

        Period("sma-fast", SmaFast);
        Period("sma-slow", SmaSlow);
        Period("rsi-period", RsiPeriod);
        Period("bb-period", BbPeriod);
        Period("macd-fast", MacdFast);
        Period("macd-slow", MacdSlow);
        Period("macd-signal", MacdSignal);
        if (SmaFast >= SmaSlow) errors.Add($"--sma-fast ({SmaFast}) must be shorter than --sma-slow ({SmaSlow}).");
        if (MacdFast >= MacdSlow) errors.Add($"--macd-fast ({MacdFast}) must be shorter than --macd-slow ({MacdSlow}).");
        if (!double.IsFinite(RsiLow) || !double.IsFinite(RsiHigh)) errors.Add("--rsi-low and --rsi-high must be finite.");
        NonNegative("bb-k", BbK);
        if (WTrend < 0) errors.Add($"--w-trend must be ≥ 0 (got {WTrend}).");
        if (WRsi < 0) errors.Add($"--w-rsi must be ≥ 0 (got {WRsi}).");
        if (WBb < 0) errors.Add($"--w-bb must be ≥ 0 (got {WBb}).");
        if (WMacd < 0) errors.Add($"--w-macd must be ≥ 0 (got {WMacd}).");
        if (!double.IsFinite(Threshold)) errors.Add("--threshold must be finite.");
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
