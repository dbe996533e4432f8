using Backtest.Cli.Running;
using Backtest.Data.Gaps;
using Backtest.Strategy;
using Cocona;

namespace Backtest.Cli.Commands;

/// <summary>
/// The options `bt run`, `bt optimize` and `bt walkforward` share, declared once: the data options, the synthetic
/// universe, the strategy and its --param values, every execution setting (in a grid, a plain value fixes it for every
/// combination), --precision and --quiet. <see cref="ToRunOptions"/> hands them
/// to `bt run`'s own checks. The defaults must equal <see cref="StrategyParameters.Default"/> (a test checks it).
/// </summary>
public sealed class BacktestOptionSet : ICommandParameterSet
{
    // Data
    [Option("data", Description = "Bars: a directory of <SYMBOL>.csv/.parquet files, one multi-symbol file, a bar cache (bt data import), or postgres. Without it, the built-in synthetic universe (see --synth-*).", ValueName = "PATH")][HasDefaultValue] public string? Data { get; set; }
    [Option("db", Description = "Read PostgreSQL (tickers, minute_prices): a postgresql://user:password@host:port/db URL or an Npgsql connection string. --data postgres uses DATABASE_URL.", ValueName = "CONN")][HasDefaultValue] public string? Db { get; set; }
    [Option("db-timeout", Description = DbTimeoutOption.Description, ValueName = "SECONDS")][HasDefaultValue] public int DbTimeout { get; set; } = DbTimeoutOption.Default;
    [Option("tickers", Description = "Only the symbols of this file (a JSON array, or one per line), in its order. Default: every symbol.", ValueName = "FILE")][HasDefaultValue] public string? Tickers { get; set; }
    [Option("limit", Description = "At most this many symbols (after --tickers). Default: no limit.", ValueName = "N")][HasDefaultValue] public int? Limit { get; set; }
    [Option("days", Description = "Only the last N days: end - N*86400 s < t <= end, end = the last bar over all symbols. Default: all.", ValueName = "N")][HasDefaultValue] public int? Days { get; set; }
    [Option("start", Description = "First instant kept, inclusive: a date (00:00Z) or an ISO 8601 instant. Default: the first bar.", ValueName = "TIME")][HasDefaultValue] public string? Start { get; set; }
    [Option("end", Description = "Last instant kept, inclusive: a date (to the end of that day) or an ISO 8601 instant. Default: the last bar.", ValueName = "TIME")][HasDefaultValue] public string? End { get; set; }
    [Option("on-invalid", Description = "Invalid rows: skip (count them, report them with file:line) or fail (stop at the first).", ValueName = "skip|fail")][HasDefaultValue] public string OnInvalid { get; set; } = "skip";
    [Option("max-gap", Description = GapOptions.MaxGapDescription, ValueName = "DURATION")][HasDefaultValue] public string MaxGap { get; set; } = GapPolicy.DefaultText;
    [Option("split-at-gaps", Description = GapOptions.SplitDescription)][HasDefaultValue] public bool SplitAtGaps { get; set; }

    // Synthetic universe
    [Option("synth-symbols", Description = "Without --data: symbols of the synthetic universe.", ValueName = "N")][HasDefaultValue] public int SynthSymbols { get; set; } = 500;
    [Option("synth-days", Description = "Without --data: days of bars per synthetic symbol.", ValueName = "N")][HasDefaultValue] public int SynthDays { get; set; } = 60;
    [Option("seed", Description = "Without --data: seed of the synthetic universe (same seed, same bars).", ValueName = "N")][HasDefaultValue] public int Seed { get; set; } = 42;

    // Strategy: any built-in or .bt file; its parameters are fixed for every combination unless --grid varies them.
    [Option("strategy", Description = "The strategy: a built-in's name (bt strategies lists them) or the path of a .bt file (docs/strategies.md).", ValueName = "NAME|FILE")][HasDefaultValue] public string Strategy { get; set; } = Backtest.Strategies.Library.StrategyLibrary.DefaultName;
    [Option(ParameterOverrides.OptionName, Description = "A strategy parameter's value for every combination, NAME=VALUE (repeat for several); --NAME VALUE says the same (s3's --sma-fast 10 is --param sma_fast=10).", ValueName = "NAME=VALUE")][HasDefaultValue] public string[]? Param { get; set; }
    [Option("capital", Description = "Starting cash per symbol (> 0).", ValueName = "X")][HasDefaultValue] public double Capital { get; set; } = 100_000;
    [Option("position-size", Description = "Share of cash spent on an entry, in (0, 1].", ValueName = "X")][HasDefaultValue] public double PositionSize { get; set; } = 0.05;
    [Option("fee-fixed", Description = "Fixed fee per order, in cash.", ValueName = "X")][HasDefaultValue] public double FeeFixed { get; set; } = 1.0;
    [Option("fee-bps", Description = "Fee per order in basis points of its notional.", ValueName = "X")][HasDefaultValue] public double FeeBps { get; set; }
    [Option("slippage-bps", Description = "Fill price moved against the trader, in basis points (< 10000).", ValueName = "X")][HasDefaultValue] public double SlippageBps { get; set; }
    [Option("fill", Description = "When a decision at a close fills: next-open (the next bar's open) or close (that close).", ValueName = "next-open|close")][HasDefaultValue] public string Fill { get; set; } = "next-open";
    [Option("stop-loss-pct", Description = "Stop loss, percent below the entry fill; 0 = off.", ValueName = "X")][HasDefaultValue] public double StopLossPct { get; set; }
    [Option("take-profit-pct", Description = "Take profit, percent above the entry fill; 0 = off.", ValueName = "X")][HasDefaultValue] public double TakeProfitPct { get; set; }
    [Option("max-hold-bars", Description = "Exit at the close once held this many bars; 0 = off.", ValueName = "N")][HasDefaultValue] public int MaxHoldBars { get; set; }
    [Option("periods-per-year", Description = "P of the Sharpe and Sortino ratios; auto = inferred per symbol from the bar spacing (spec §5).", ValueName = "auto|X")][HasDefaultValue] public string PeriodsPerYear { get; set; } = "auto";

    // Engine and console (--out is each command's own: its default folder differs, see OutputFolders)
    [Option("precision", Description = "Floating-point width: f64 or f32 (if the engine supports it; the grids' SIMD engine takes both).", ValueName = "f64|f32")][HasDefaultValue] public string Precision { get; set; } = "f64";
    [Option("quiet", Description = "Print nothing but errors.")][HasDefaultValue] public bool Quiet { get; set; }

    /// <summary>The options as `bt run` takes them, with the command's --out, to go through its checks and its load stage.</summary>
    public RunOptions ToRunOptions(string @out = OutputFolders.Run) => new()
    {
        Data = Data,
        Db = Db,
        DbTimeout = DbTimeout,
        Tickers = Tickers,
        Limit = Limit,
        Days = Days,
        Start = Start,
        End = End,
        OnInvalid = OnInvalid,
        MaxGap = MaxGap,
        SplitAtGaps = SplitAtGaps,
        SynthSymbols = SynthSymbols,
        SynthDays = SynthDays,
        Seed = Seed,
        Strategy = Strategy,
        StrategyParams = Param ?? [],
        Parameters = new StrategyParameters
        {
            Capital = Capital,
            PositionSize = PositionSize,
            FeeFixed = FeeFixed,
            FeeBps = FeeBps,
            SlippageBps = SlippageBps,
            StopLossPct = StopLossPct,
            TakeProfitPct = TakeProfitPct,
            MaxHoldBars = MaxHoldBars,
        },
        Fill = Fill,
        PeriodsPerYear = PeriodsPerYear,
        Engine = "simd",
        Precision = Precision,
        Out = @out,
        Quiet = Quiet,
    };
}
